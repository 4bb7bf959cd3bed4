using System.Net.Http.Json;
using BranchRating.Contracts.Operations;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;
using BranchRating.Storage.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>A small generated campaign on a running pipeline host, with its roster imported.</summary>
internal sealed record SmallCampaign(PipelineHost Host, string Id, CampaignDriver Driver, GeneratedCounty County)
{
    /// <summary>
    /// Host settings for the scoring ahead: no clock allowance (in one emulator every input is stamped by the same
    /// clock) and no live rescoring per submission.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> ScoreAheadSettings =
        new Dictionary<string, string?> { ["Pipeline:WatermarkSkew"] = "00:00:00", ["Pipeline:ScoreOnSubmit"] = "false" };

    public static async Task<SmallCampaign> CreateAsync(PipelineHost host, string prefix, int organizations = 12, int seed = 11)
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var driver = new CampaignDriver(host.Http, id);
        var county = new CountyGenerator(Presets.Get("anyang-100"), seed).Generate(organizations);
        await driver.CreateAsync("anyang-100", Steps.Standard(), prefix, TestContext.Current.CancellationToken);
        await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row), cancellationToken: TestContext.Current.CancellationToken);
        return new SmallCampaign(host, id, driver, county);
    }

    public GeneratedOrganization First => County.Organizations[0];

    public string Url(string code, string what) => $"/api/v1/campaigns/{Id}/organizations/{code}/{what}";

    /// <summary>Every organization's submissions (two at a time); the campaign's bucket count.</summary>
    public async Task<int> SubmitAllAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Driver.SubmitAllAsync(County, parallelism: 2, ct);
        return (await Host.Services.GetRequiredService<CampaignStore>().GetAsync(Id, ct))!.Campaign.Buckets;
    }

    /// <summary>Closes the three input steps now, in order: the first close's operation and the last's (the scoring ahead).</summary>
    public async Task<(OperationResponse First, OperationResponse Last)> CloseInputStepsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await Driver.CloseStepAsync("self-assessment", ct);
        await Driver.CloseStepAsync("appraisal", ct);
        return (first, await Driver.CloseStepAsync("superior-review", ct));
    }

    /// <summary>Every organization's submissions (two at a time), then <see cref="PublishAsync"/>.</summary>
    public async Task SubmitAllAndPublishAsync()
    {
        await Driver.SubmitAllAsync(County, parallelism: 2, TestContext.Current.CancellationToken);
        await PublishAsync();
    }

    /// <summary>Passes every deadline, closes the steps and waits for the publication.</summary>
    public async Task PublishAsync()
    {
        Host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero));
        await Host.CloseDueStepsAsync();
        await Host.PublishedAsync(Id);
    }

    public async Task<OrganizationResultResponse> ResultAsync(string code) =>
        (await Host.Http.GetFromJsonAsync<OrganizationResultResponse>($"/api/v1/campaigns/{Id}/results/{code}", PipelineHost.Json, TestContext.Current.CancellationToken))!;
}

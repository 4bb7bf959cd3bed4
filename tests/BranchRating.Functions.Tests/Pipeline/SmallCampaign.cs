using System.Net.Http.Json;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>A small generated campaign on a running pipeline host, with its roster imported.</summary>
internal sealed record SmallCampaign(PipelineHost Host, string Id, CampaignDriver Driver, GeneratedCounty County)
{
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

using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.Cli.Tests;

/// <summary>The host with its worker role too, so that closing the final step publishes.</summary>
public sealed class WorkerCliHost : CliHost
{
    protected override string Roles => "api,worker";
}

public sealed class PublishedCampaignTests(WorkerCliHost host) : IClassFixture<WorkerCliHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task After_closing_every_step_results_and_the_ledger_are_available()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Id = "cli-published";
        var county = new CountyGenerator(Presets.Get("five-good"), seed: 11).Generate(8);
        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", Id, "--name", "发布",
            "--step", "self-assessment=2099-06-05T18:00+08:00", "--step", "superior-review=2099-06-15T18:00+08:00", "--step", "determination=2099-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);
        var rosterFile = Path.Combine(Path.GetTempPath(), $"published-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rosterFile, JsonSerializer.Serialize(new { organizations = county.Organizations.Select(o => o.Row) }, Json), ct);
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("roster", "import", Id, rosterFile)).Exit);

        await new CampaignDriver(host.Http, Id).SubmitAllAsync(county, 2, ct);
        foreach (var step in new[] { "self-assessment", "superior-review", "determination" })
        {
            var close = await host.RunAsync("step", "close", Id, step);
            Assert.True(close.Exit == ExitCodes.Ok, close.Err + close.Out);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        CampaignResponse campaign;
        do
        {
            await Task.Delay(200, ct);
            campaign = JsonSerializer.Deserialize<CampaignResponse>((await host.RunAsync("campaign", "show", Id, "--json")).Out, Json)!;
        }
        while (campaign.PublishedVersion is null && DateTime.UtcNow < deadline);
        Assert.NotNull(campaign.PublishedVersion);

        var code = county.Organizations[0].Row.Code!;
        var results = await host.RunAsync("results", Id, code, "--json");
        Assert.True(results.Exit == ExitCodes.Ok, results.Err + results.Out);
        var result = JsonSerializer.Deserialize<OrganizationResultResponse>(results.Out, Json)!;
        Assert.Equal((code, campaign.PublishedVersion), (result.Code, (long?)result.Version));
        var text = await host.RunAsync("results", Id, code, "--lang", "en");
        Assert.Contains($"{code} ", text.Out, StringComparison.Ordinal);
        Assert.Contains(result.Level, text.Out, StringComparison.Ordinal);

        var ledger = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.csv");
        var export = await host.RunAsync("export", "ledger", Id, "--format", "csv", "--out", ledger);
        Assert.True(export.Exit == ExitCodes.Ok, export.Err + export.Out);
        var lines = (await File.ReadAllLinesAsync(ledger, ct)).Where(l => l.Length > 0).ToArray();
        Assert.True(lines.Length > 1, string.Join('\n', lines));
        Assert.Contains(lines, l => l.Contains(code, StringComparison.Ordinal));
    }
}

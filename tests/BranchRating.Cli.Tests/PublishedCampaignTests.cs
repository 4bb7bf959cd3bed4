using System.Globalization;
using System.Text;
using System.Text.Json;
using BranchRating.Exports;
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

    private const string Formula = "=HYPERLINK(\"http://x\",\"党支部\")";

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
        // One name is a spreadsheet formula: every export must defuse it.
        var rows = county.Organizations.Select((o, i) => i == 1 ? o.Row with { Name = Formula } : o.Row).ToList();
        await File.WriteAllTextAsync(rosterFile, JsonSerializer.Serialize(new { organizations = rows }, Json), ct);
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

        await ExportsAsync(Id, county, code, ct);
    }

    /// <summary>brc export ranking|distribution|results: the published data, paged, in the ledger's file formats.</summary>
    private async Task ExportsAsync(string id, GeneratedCounty county, string code, CancellationToken ct)
    {
        var region = county.Organizations[0].Row.Region!;
        var inRegion = county.Organizations.Where(o => o.Row.Region == region).Select(o => o.Row.Code!).Order(StringComparer.Ordinal).ToList();
        var rankingFile = Path.Combine(Path.GetTempPath(), $"ranking-{Guid.NewGuid():N}.csv");
        var ranking = await host.RunAsync("export", "ranking", id, "--scope", "region", "--value", region, "--format", "csv", "--out", rankingFile, "--json");
        Assert.True(ranking.Exit == ExitCodes.Ok, ranking.Err + ranking.Out);
        var bytes = await File.ReadAllBytesAsync(rankingFile, ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rankingLines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("名次,组织代码,组织名称,得分,星级,星级序号", rankingLines[0]);
        Assert.Equal(inRegion, rankingLines.Skip(1).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));
        var ranks = rankingLines.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, ranks[0]);
        Assert.Equal(ranks.Order(), ranks);

        var distributionFile = Path.Combine(Path.GetTempPath(), $"distribution-{Guid.NewGuid():N}.xlsx");
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("export", "distribution", id, "--format", "xlsx", "--out", distributionFile)).Exit);
        var sheet = XlsxExport.Read(new MemoryStream(await File.ReadAllBytesAsync(distributionFile, ct)));
        Assert.Equal(["区域", "组织数"], sheet[0].Take(2));
        Assert.Equal(county.Organizations.Count, sheet.Skip(1).Sum(r => int.Parse(r[1], CultureInfo.InvariantCulture)));
        Assert.All(sheet.Skip(1), r => Assert.Equal(int.Parse(r[1], CultureInfo.InvariantCulture), r.Skip(2).Sum(x => x.Length == 0 ? 0 : int.Parse(x, CultureInfo.InvariantCulture))));

        var resultsFile = Path.Combine(Path.GetTempPath(), $"results-{Guid.NewGuid():N}.csv");
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("export", "results", id, "--format", "csv", "--out", resultsFile)).Exit);
        var results = (await File.ReadAllTextAsync(resultsFile, ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(county.Organizations.Count + 1, results.Length);
        Assert.Contains(results, l => l.Contains(code, StringComparison.Ordinal));
        Assert.Contains(results, l => l.Contains("\"'=HYPERLINK(", StringComparison.Ordinal));
        Assert.DoesNotContain(results, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal) || l.Contains(",\"=HYPERLINK", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("export", "ranking", id, "--format", "csv", "--out", rankingFile)).Exit);
        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("export", "results", id, "--value", region, "--out", resultsFile)).Exit);
    }
}

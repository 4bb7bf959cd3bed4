using System.Diagnostics;
using System.Net.Http.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.LoadTest;

/// <summary>
/// The demonstration: a generated county of a few thousand branches run through the HTTP API to published results,
/// then the places to look at them.
/// </summary>
public static class Demo
{
    public static async Task<int> RunAsync(Arguments args)
    {
        using var http = new HttpClient { BaseAddress = args.Url, Timeout = TimeSpan.FromMinutes(5) };
        var campaignId = "demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture).ToLowerInvariant();
        var driver = new CampaignDriver(http, campaignId);
        var county = new CountyGenerator(Presets.Get("anyang-100"), args.Seed).Generate(args.Organizations);
        var today = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        var campaign = await driver.CreateAsync("anyang-100",
            [
                new(StepKinds.SelfAssessment, today.AddDays(7)), new(StepKinds.Appraisal, today.AddDays(14)),
                new(StepKinds.SuperiorReview, today.AddDays(21)), new(StepKinds.Determination, today.AddDays(28)),
            ], "建阳区 基层党组织星级评定 (demonstration)");
        Console.WriteLine($"Campaign {campaign.Id}: {campaign.SchemeName} ({campaign.SchemeId} {campaign.SchemeVersion})");
        foreach (var s in campaign.Steps) Console.WriteLine($"  step {s.Order} {s.Kind,-16} deadline {s.DeadlineShanghai} (Asia/Shanghai)");

        var roster = await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row));
        Console.WriteLine($"Roster: {roster.Imported} of {roster.Received} organizations imported, {roster.Refused.Count} refused.");
        Console.WriteLine($"Submitting self-assessments, {county.BallotCount} ballots, superior reviews and adjustments …");
        await driver.SubmitAllAsync(county, args.Parallelism);
        Console.WriteLine($"  {driver.Requests} requests in {clock.Elapsed.TotalSeconds:F0} s.");

        OperationLine? publication = null;
        foreach (var step in campaign.Steps)
        {
            var operation = await driver.CloseStepAsync(step.Kind);
            Console.WriteLine($"Closed '{step.Kind}' early (department decision): operation {operation.Kind} {operation.Status}.");
            publication = new OperationLine(operation.StatusUrl);
        }

        var published = await driver.WaitAsync(publication!.StatusUrl, TimeSpan.FromMinutes(20));
        Console.WriteLine($"Published: {published.Detail} ({clock.Elapsed.TotalSeconds:F0} s in all).");

        var distribution = (await http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{campaignId}/distribution/region", CampaignDriver.Json))!;
        Console.WriteLine();
        Console.WriteLine("Stars per region:");
        var levels = Presets.Get("anyang-100").Levels.OrderByDescending(l => l.Ordinal).Select(l => l.Label).ToList();
        foreach (var row in distribution.Rows)
            Console.WriteLine($"  {row.Value,-8} {row.Total,5}  " + string.Join("  ", levels.Where(l => row.Levels.ContainsKey(l)).Select(l => $"{l} {row.Levels[l]}")));
        var top = (await http.GetFromJsonAsync<RankingPage>($"/api/v1/campaigns/{campaignId}/rankings/county/{county.County}?pageSize=5", CampaignDriver.Json))!;
        Console.WriteLine("Top of the county ranking:");
        foreach (var e in top.Items) Console.WriteLine($"  {e.Rank,3}. {e.Code} {e.Name} {e.FinalTotal} {e.Level}");

        var first = county.Organizations[0].Row;
        Console.WriteLine();
        Console.WriteLine("Where to look (while the host runs):");
        foreach (var url in new[]
                 {
                     $"/dashboard/campaigns/{campaignId}",
                     $"/dashboard/campaigns/{campaignId}/organizations/{first.Code}",
                     $"/api/v1/campaigns/{campaignId}",
                     $"/api/v1/campaigns/{campaignId}/results/{first.Code}",
                     $"/api/v1/campaigns/{campaignId}/rankings/county/{county.County}?pageSize=20",
                     $"/api/v1/campaigns/{campaignId}/rankings/region/{Uri.EscapeDataString(first.Region!)}",
                     $"/api/v1/campaigns/{campaignId}/rankings/field/rural",
                     $"/api/v1/campaigns/{campaignId}/distribution/region",
                     publication.StatusUrl,
                     "/openapi/v1.json",
                 })
        {
            Console.WriteLine($"  {new Uri(args.Url, url)}");
        }

        return 0;
    }

    private sealed record OperationLine(string StatusUrl);
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;
using Microsoft.Playwright;

namespace BranchRating.LoadTest;

/// <summary>
/// Time to first render of the dashboard's overview: creates a campaign over HTTP, writes a published version of N
/// organizations straight into the results table (the fast path: results, rankings per region/county/field,
/// distributions — what the publication writes, without scoring), flips the pointer, then opens the overview in
/// headless Chromium (Debian's /usr/bin/chromium) and measures navigation → distribution chart drawn.
/// </summary>
public static class Ttfr
{
    private static readonly string[] Townships =
        ["潭城街道", "童游街道", "将口镇", "徐市镇", "莒口镇", "麻沙镇", "黄坑镇", "水吉镇", "小湖镇", "崇雒乡", "书坊乡", "回龙乡", "漳墩镇", "澄浦乡"];

    private static readonly string[] Fields = ["rural", "community", "organ", "institution", "enterprise", "social"];

    public static async Task<int> RunAsync(Arguments args)
    {
        if (args.Storage is null) return Arguments.Usage();
        using var http = new HttpClient { BaseAddress = args.Url, Timeout = TimeSpan.FromMinutes(5) };
        var id = "ttfr-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var driver = new CampaignDriver(http, id);
        var today = DateTimeOffset.UtcNow;
        await driver.CreateAsync("anyang-100",
            [new(StepKinds.SelfAssessment, today.AddDays(7)), new(StepKinds.SuperiorReview, today.AddDays(21)), new(StepKinds.Determination, today.AddDays(28))],
            $"首屏时间 {args.Organizations:N0} 个组织");

        var clock = Stopwatch.StartNew();
        var full = Build(Presets.Get("anyang-100"), args.Organizations, args.Seed);
        // What the overview reads at first render: the distributions and the first pages of the region rankings. The
        // whole version (N results + the rankings, packed 100 entries a row: ≈ 3N / 100 rows) is written with
        // BRANCHRATING_TTFR_FULL=1; on Azurite under a loaded machine that took longer than 14 minutes for 100,000
        // organizations (with one ranking row per organization and scope, before the rankings were packed).
        var content = Environment.GetEnvironmentVariable("BRANCHRATING_TTFR_FULL") == "1" ? full : new PublicationContent(
            [],
            full.Rankings.Where(r => r.Key.Item1 == "region").ToDictionary(r => r.Key, r => (IReadOnlyList<PublishedRankingEntry>)r.Value.Take(100).ToList()),
            full.Distributions);
        var service = new TableServiceClient(args.Storage);
        var campaigns = new CampaignStore(service.GetTableClient(StorageNames.Tables.Campaigns));
        var results = new ResultStore(service.GetTableClient(StorageNames.Tables.Results), new ResultStoreOptions { MaxParallelTransactions = args.Parallelism });
        var snapshot = await campaigns.GetAsync(id) ?? throw new InvalidOperationException($"Campaign {id} was not created.");
        var version = await campaigns.NextVersionAsync(id);
        await results.WriteVersionAsync(id, version, snapshot.Campaign.Buckets, content);
        await campaigns.TryPublishAsync(id, version, "ttfr-seed", DateTimeOffset.UtcNow);
        var entities = content.Results.Count + content.Rankings.Values.Sum(r => r.Count) + content.Distributions.Values.Sum(d => d.Count);
        Console.WriteLine($"Seeded campaign {id}: {args.Organizations:N0} organizations ({full.Distributions.Values.Sum(d => d.Count)} distribution rows), {entities:N0} entities written in {clock.Elapsed.TotalSeconds:F1} s ({entities / clock.Elapsed.TotalSeconds:F0} entities/s).");

        var distribution = Stopwatch.StartNew();
        var d = await http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{id}/distribution/region", CampaignDriver.Json);
        Console.WriteLine($"GET distribution/region: {d!.Rows.Count} rows, {d.Rows.Sum(r => r.Total):N0} organizations, {distribution.ElapsedMilliseconds} ms.");

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var url = new Uri(args.Url, $"/dashboard/campaigns/{id}").ToString();
        var runs = new List<(double Wall, double Page)>();
        for (var run = 0; run < 6; run++)
        {
            // A fresh context per run: nothing cached by the browser.
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            var wall = Stopwatch.StartNew();
            await page.GotoAsync(url);
            await page.WaitForSelectorAsync(".chart[data-rendered='true'] svg g.row", new() { Timeout = 120_000 });
            wall.Stop();
            var inPage = await page.EvaluateAsync<double>("() => Number(document.querySelector('.chart').dataset.renderedAt)");
            var rows = await page.Locator(".chart svg g.row").CountAsync();
            runs.Add((wall.Elapsed.TotalMilliseconds, inPage));
            Console.WriteLine($"  run {run + 1}: chart drawn ({rows} rows) {wall.Elapsed.TotalMilliseconds:F0} ms after navigation (in page: {inPage:F0} ms from navigation start){(run == 0 ? " — first, server caches cold" : "")}");
        }

        var warm = runs.Skip(1).Select(r => r.Page).Order().ToList();
        Console.WriteLine($"Time to first render of the overview, {args.Organizations:N0} organizations: first {runs[0].Page:F0} ms, median of the next {warm.Count} {warm[warm.Count / 2]:F0} ms (in-page, navigation start → chart drawn).");
        Console.WriteLine($"Overview: {url}");
        return 0;
    }

    /// <summary>A published version's rows for N organizations over 10 counties × 14 townships, levels from the score bands.</summary>
    private static PublicationContent Build(Scheme scheme, int organizations, int seed)
    {
        var random = new Random(seed);
        var bands = scheme.Bands!.Thresholds.OrderByDescending(t => t.AtLeast).ToList();
        var list = new List<PublishedResult>(organizations);
        for (var n = 1; n <= organizations; n++)
        {
            var county = $"C{random.Next(10) + 1:D2}";
            var region = $"{county}{Townships[random.Next(Townships.Length)]}";
            var field = Fields[Math.Min(Fields.Length - 1, (int)Math.Floor(Math.Pow(random.NextDouble(), 1.8) * Fields.Length))];
            var total = Math.Round((decimal)Math.Clamp(72 + NormalSample(random) * 12, 0, 100), 2);
            var ordinal = bands.FirstOrDefault(b => total >= b.AtLeast)?.Level ?? scheme.Bands!.Otherwise;
            var level = scheme.Levels[ordinal].Label;
            var code = $"{county}-B{n:D7}";
            var json = JsonSerializer.Serialize(new
            {
                code,
                totals = new { @base = total, bonus = 0, deductions = 0, final = total },
                explanation = new { band = $"final {total} → {ordinal} {level}" },
                levelChanges = Array.Empty<object>(),
            }, CampaignDriver.Json);
            list.Add(new PublishedResult(code, $"{region}第{n}党支部", region, county, field, total, ordinal, level, new Dictionary<string, int>(), json));
        }

        var rankings = new Dictionary<(string, string), IReadOnlyList<PublishedRankingEntry>>();
        var distributions = new Dictionary<string, IReadOnlyList<PublishedDistribution>>();
        foreach (var (scope, of) in new (string, Func<PublishedResult, string>)[] { ("region", r => r.Region), ("county", r => r.County), ("field", r => r.Field) })
        {
            var rows = new List<PublishedDistribution>();
            foreach (var group in list.GroupBy(of))
            {
                var ordered = group.OrderByDescending(r => r.FinalTotal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
                var entries = new List<PublishedRankingEntry>(ordered.Count);
                for (var i = 0; i < ordered.Count; i++)
                {
                    var rank = i > 0 && ordered[i].FinalTotal == ordered[i - 1].FinalTotal ? entries[i - 1].Rank : i + 1;
                    entries.Add(new PublishedRankingEntry(rank, ordered[i].Code, ordered[i].Name, ordered[i].FinalTotal, ordered[i].LevelOrdinal, ordered[i].Level));
                }

                rankings[(scope, group.Key)] = entries;
                rows.Add(new PublishedDistribution(group.Key, ordered.Count, ordered.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count())));
            }

            distributions[scope] = rows;
        }

        return new PublicationContent(list, rankings, distributions);
    }

    private static double NormalSample(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

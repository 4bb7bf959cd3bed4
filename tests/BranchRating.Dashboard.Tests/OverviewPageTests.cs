using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Results;
using BranchRating.Simulation;
using Microsoft.Playwright;

namespace BranchRating.Dashboard.Tests;

/// <summary>The campaign overview in headless Chromium: the chart's counts and quota lines against the API, steps, ranking paging and search.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OverviewPageTests(DashboardHost host)
{
    private string Overview => $"/dashboard/campaigns/{DashboardHost.CampaignId}";

    private async Task<IPage> OpenOverviewAsync(int width = 1280, int height = 900)
    {
        var page = await host.NewPageAsync(width, height);
        await page.GotoAsync(new Uri(host.BaseAddress, Overview).ToString());
        await page.WaitForSelectorAsync("body[data-ready='true'] .chart[data-rendered='true'] svg g.row");
        return page;
    }

    /// <summary>level label → count per scope value, as drawn (data-count of each bar segment).</summary>
    private static async Task<Dictionary<string, Dictionary<string, int>>> ChartCountsAsync(IPage page)
    {
        var json = await page.EvalOnSelectorAllAsync<string>(".chart svg g.row", """
            rows => JSON.stringify(Object.fromEntries(rows.map(g => [g.dataset.value,
              Object.fromEntries([...g.querySelectorAll('rect.seg')].map(r => [r.dataset.level, Number(r.dataset.count)]))])))
            """);
        return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, int>>>(json)!;
    }

    [Fact]
    public async Task The_chart_draws_the_level_counts_the_API_publishes_for_every_region()
    {
        var page = await OpenOverviewAsync();
        var api = await host.Http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{DashboardHost.CampaignId}/distribution/region", CampaignDriver.Json, TestContext.Current.CancellationToken);
        var drawn = await ChartCountsAsync(page);

        Assert.NotEmpty(api!.Rows);
        Assert.Equal(api.Rows.Select(r => r.Value).Order(StringComparer.Ordinal), drawn.Keys.Order(StringComparer.Ordinal));
        foreach (var row in api.Rows)
        {
            foreach (var level in api.LevelOrder!) Assert.Equal(row.Levels.GetValueOrDefault(level.Label), drawn[row.Value][level.Label]);
        }

        Assert.Equal(DashboardHost.Organizations, drawn.Values.Sum(levels => levels.Values.Sum()));
        Assert.Empty(host.ErrorsOf(page));
        Assert.DoesNotMatch(@"\b(null|undefined|NaN)\b", await page.InnerTextAsync("main"));
        await DashboardHost.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task The_county_chart_draws_the_schemes_quota_lines_with_the_bounds_of_the_API()
    {
        var page = await OpenOverviewAsync();
        await page.ClickAsync(".tabs button[data-scope='county']");
        await page.WaitForSelectorAsync(".chart[data-scope='county'] svg line.quota", new() { State = WaitForSelectorState.Attached });
        var api = await host.Http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{DashboardHost.CampaignId}/distribution/county", CampaignDriver.Json, TestContext.Current.CancellationToken);
        var lines = await page.EvalOnSelectorAllAsync<string>(".chart svg line.quota", "ls => JSON.stringify(ls.map(l => [l.dataset.quota, Number(l.dataset.bound), Number(l.dataset.count)]))");
        var drawn = JsonSerializer.Deserialize<List<JsonElement>>(lines)!.Select(e => (e[0].GetString()!, e[1].GetInt32(), e[2].GetInt32())).ToList();

        // anyang-100: at most floor(10%·N) five stars, at least ceil(10%·N) at one star or below, per county.
        var row = Assert.Single(api!.Rows);
        Assert.Equal(2, row.Quotas!.Count);
        Assert.Equal(row.Quotas.Select(q => (q.Quota, q.Bound, q.Count)).Order(), drawn.Order());
        Assert.Contains(drawn, d => d.Item1 == "five-star-cap" && d.Item2 == DashboardHost.Organizations / 10);
        Assert.Contains(drawn, d => d.Item1 == "one-star-or-below-floor" && d.Item2 == (DashboardHost.Organizations + 9) / 10);
        await DashboardHost.ScreenshotAsync(page, "overview-county-quotas");
    }

    [Fact]
    public async Task The_progress_section_shows_the_counts_of_the_progress_route()
    {
        var page = await OpenOverviewAsync();
        await page.WaitForSelectorAsync("[data-progress-total]");
        using var api = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/v1/campaigns/{DashboardHost.CampaignId}/progress?scope=region", TestContext.Current.CancellationToken));
        var totals = api.RootElement.GetProperty("totals");
        Assert.Equal(DashboardHost.Organizations, totals.GetProperty("organizations").GetInt32());
        Assert.Equal(totals.GetProperty("organizations").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("[data-progress-total]", "data-progress-total"));
        var regions = api.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("value").GetString()!).Order(StringComparer.Ordinal).ToArray();
        var shown = (await page.Locator("#progress tr[data-value]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.value)")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(regions, shown);
    }

    [Fact]
    public async Task Every_step_shows_its_Shanghai_deadline_and_state()
    {
        var page = await OpenOverviewAsync();
        var steps = await page.Locator("tr[data-step]").CountAsync();
        Assert.Equal(4, steps);
        // Every step was closed early: the countdown says so.
        Assert.All(await page.Locator("tr[data-step] .countdown").AllInnerTextsAsync(), t => Assert.Equal("已截止", t));
    }

    [Fact]
    public async Task The_ranking_pages_on_the_server_and_searches_by_code_prefix()
    {
        var page = await OpenOverviewAsync();
        await page.SelectOptionAsync("#ranking select[aria-label='排名范围']", "county");
        await page.WaitForSelectorAsync("#ranking-table tr[data-rank='20']");
        var first = await page.Locator("#ranking-table tr[data-code]").CountAsync();
        Assert.Equal(20, first);

        await page.ClickAsync("#ranking .pager button:has-text('下一页')");
        await page.WaitForSelectorAsync("#ranking .pager span:has-text('第 2 页')");
        var ranks = (await page.Locator("#ranking-table tr[data-rank]").EvaluateAllAsync<int[]>("rs => rs.map(r => Number(r.dataset.rank))"));
        Assert.True(ranks.Min() >= 20, string.Join(',', ranks));

        var code = host.County.Organizations[12].Row.Code!;
        await page.FillAsync("#ranking input[type=search]", code);
        await page.ClickAsync("#ranking button[type=submit]");
        await page.WaitForSelectorAsync($"#ranking-table tr[data-code='{code}']");
        var codes = await page.Locator("#ranking-table tr[data-code]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.code)");
        Assert.Equal([code], codes);
    }

    [Fact]
    public async Task On_a_phone_screen_the_overview_fits_the_width()
    {
        var page = await OpenOverviewAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone screen");
        var chartWidth = await page.EvaluateAsync<double>("() => document.querySelector('.chart svg').getBoundingClientRect().width");
        Assert.InRange(chartWidth, 200, 390);
        await DashboardHost.ScreenshotAsync(page, "overview-phone");
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Results;
using BranchRating.Simulation;

namespace BranchRating.Dashboard.Tests;

/// <summary>The organization page shows why it got its level: reason codes, indicator scores per rater group, notice changes.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OrganizationPageTests(DashboardHost host)
{
    private async Task<OrganizationResultResponse> ResultAsync(string code) =>
        (await host.Http.GetFromJsonAsync<OrganizationResultResponse>($"/api/v1/campaigns/{DashboardHost.CampaignId}/results/{code}", CampaignDriver.Json, TestContext.Current.CancellationToken))!;

    private static string[] ReasonsOf(OrganizationResultResponse r) =>
        r.Result.TryGetProperty("levelChanges", out var changes) ? changes.EnumerateArray().Select(c => c.GetProperty("reason").GetString()!).ToArray() : [];

    private async Task<Microsoft.Playwright.IPage> OpenAsync(string code, int width = 1280, int height = 900)
    {
        var page = await host.NewPageAsync(width, height);
        await page.GotoAsync(new Uri(host.BaseAddress, $"/dashboard/campaigns/{DashboardHost.CampaignId}/organizations/{code}").ToString());
        await page.WaitForSelectorAsync("body[data-ready]");
        return page;
    }

    [Fact]
    public async Task An_organization_moved_by_a_rule_shows_every_reason_code_of_the_engine()
    {
        var moved = await ResultAsync(host.MovedCode);
        Assert.Contains("lowering", ReasonsOf(moved));
        var page = await OpenAsync(moved.Code);
        var shown = await page.Locator("[data-reason-code]").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.reasonCode)");
        Assert.All(ReasonsOf(moved), reason => Assert.Contains(reason, shown));
        Assert.Equal(moved.Level, await page.InnerTextAsync("#level b"));
        Assert.Empty(host.ErrorsOf(page));
        Assert.DoesNotMatch(@"\b(null|undefined|NaN)\b", await page.InnerTextAsync("main"));
        await DashboardHost.ScreenshotAsync(page, "organization");
    }

    [Fact]
    public async Task The_indicator_table_has_a_row_per_indicator_and_a_column_per_rater_group()
    {
        var code = host.County.Organizations[0].Row.Code!;
        var r = await ResultAsync(code);
        var explanation = r.Result.GetProperty("explanation");
        var indicators = explanation.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("indicator").GetString()!).ToArray();
        var groups = explanation.GetProperty("groups").GetArrayLength();
        var page = await OpenAsync(code);

        var rows = await page.Locator("tr[data-indicator]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.indicator)");
        Assert.Equal(indicators, rows);
        Assert.Equal(groups + 2, await page.Locator("tr[data-indicator]").First.Locator("td").CountAsync());
        var combined = explanation.GetProperty("indicators")[0].GetProperty("score").GetDecimal();
        var cell = await page.Locator("tr[data-indicator]").First.Locator("td").Last.InnerTextAsync();
        Assert.Equal(combined, decimal.Parse(cell.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_upheld_objection_appears_as_a_level_change_with_its_reason_code()
    {
        var page = await OpenAsync(host.ObjectedCode);
        var change = page.Locator($"tr.change[data-reason='{DashboardHost.ObjectionReasonCode}']");
        Assert.Equal(1, await change.CountAsync());
        Assert.Contains("经核查记录不实", await change.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("公示后调整为", await page.InnerTextAsync("#level"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_organization_shows_the_APIs_refusal()
    {
        var page = await OpenAsync("NO-SUCH-CODE");
        Assert.Equal("error", await page.GetAttributeAsync("body", "data-ready"));
        Assert.Contains("NO-SUCH-CODE", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
    }
}

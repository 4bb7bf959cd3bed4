namespace BranchRating.Dashboard.Tests;

/// <summary>The public-notice list: the notice period and every objection with its state.</summary>
[Collection(DashboardCollection.Name)]
public sealed class NoticePageTests(DashboardHost host)
{
    [Fact]
    public async Task The_notice_list_shows_the_period_and_each_objection_with_its_state()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"/dashboard/campaigns/{DashboardHost.CampaignId}/notice").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");

        Assert.Equal(1, await page.Locator("[data-notice-version]").CountAsync());
        var states = await page.Locator("tr.objection").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.state).sort()");
        Assert.Equal(["open", "upheld"], states);
        var upheld = page.Locator("tr.objection[data-state='upheld']");
        Assert.Contains(host.ObjectedCode, await upheld.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await upheld.Locator($"[data-reason-code='{DashboardHost.ObjectionReasonCode}']").CountAsync());
        await DashboardHost.ScreenshotAsync(page, "notice");
    }
}

using System.Net;
using System.Net.Http.Json;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Results;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>The department's final adjustment is a new published version every reader sees, explained with the rule, reason and who.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FinalDeterminationTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_adjustment_publishes_a_new_version_visible_through_results_rankings_and_distribution_and_the_same_request_again_publishes_nothing()
    {
        await using var host = await LifecycleDriver.StartHostAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-determine", organizations: 8);
        var lc = new LifecycleDriver(host, campaign.Id);
        await campaign.SubmitAllAndPublishAsync();
        var (a, b) = (campaign.County.Organizations[0].Row, campaign.County.Organizations[1].Row);
        var before = await campaign.ResultAsync(a.Code!);
        var newLevel = before.LevelOrdinal == 5 ? 4 : 5;
        var adjust = new DeterminationRequest(LifecycleDriver.Department, "adjust", "市级示范点, 县委组织部评定", newLevel);

        // Before the notice an adjustment is refused: it changes a result under notice.
        Assert.Contains("notice", await LifecycleDriver.ProblemAsync(await lc.PostAsync($"/determinations/{a.Code}", adjust), HttpStatusCode.Conflict, "notice"));
        await lc.ReadAsync<NoticeResponse>(await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department)), HttpStatusCode.Created);

        // A confirmation publishes nothing.
        await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{b.Code}", new DeterminationRequest(LifecycleDriver.Department, "confirm", "维持")));
        Assert.Equal(1, (await host.CampaignAsync(campaign.Id)).PublishedVersion);

        // The adjustment: version 2, the change explained in the result with its rule, reason and who.
        var adjusted = await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{a.Code}", adjust));
        Assert.Equal((newLevel, "adjust"), (adjusted.LevelOrdinal, adjusted.Determination));
        Assert.Equal(2, (await host.CampaignAsync(campaign.Id)).PublishedVersion);
        var after = await campaign.ResultAsync(a.Code!);
        Assert.Equal((2L, newLevel), (after.Version, after.LevelOrdinal));
        var change = after.Result.GetProperty("levelChanges").EnumerateArray().Last();
        Assert.Equal(($"final-determination:{a.Code}", "determination", before.LevelOrdinal, newLevel),
            (change.GetProperty("rule").GetString(), change.GetProperty("reason").GetString(), change.GetProperty("from").GetProperty("ordinal").GetInt32(), change.GetProperty("to").GetProperty("ordinal").GetInt32()));
        Assert.Contains("市级示范点, 县委组织部评定", change.GetProperty("detail").GetString());
        Assert.Contains(LifecycleDriver.Department, change.GetProperty("detail").GetString());
        Assert.Equal(before.FinalTotal, after.FinalTotal);
        var confirmedB = await campaign.ResultAsync(b.Code!);
        Assert.Equal(2L, confirmedB.Version);
        Assert.DoesNotContain("final-determination:", confirmedB.Result.GetProperty("levelChanges").GetRawText());

        var lifecycleLevels = (await lc.ResultsAsync()).Items.ToDictionary(i => i.Code, i => i.Level);
        Assert.Equal(after.Level, lifecycleLevels[a.Code!]);
        var region = (await host.Http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{campaign.Id}/distribution/region", PipelineHost.Json, Ct))!;
        Assert.Equal(2L, region.Version);
        var counted = region.Rows.SelectMany(r => r.Levels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Sum(l => l.Value));
        Assert.Equal(lifecycleLevels.Values.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count()).OrderBy(x => x.Key), counted.OrderBy(x => x.Key));
        var ranking = (await host.Http.GetFromJsonAsync<RankingPage>($"/api/v1/campaigns/{campaign.Id}/rankings/region/{a.Region}", PipelineHost.Json, Ct))!;
        Assert.Equal((2L, newLevel), (ranking.Version, ranking.Items.Single(i => i.Code == a.Code).LevelOrdinal));

        // The same request again: no third version, no further results.published event.
        await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{a.Code}", adjust));
        Assert.Equal(2, (await host.CampaignAsync(campaign.Id)).PublishedVersion);
        Assert.Equal(2, (await lc.EventsAsync(NotificationEventTypes.ResultsPublished)).Count);

        // Confirming instead replaces the adjustment: version 3 is back at the notice's level, without the rule.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var confirmed = await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{a.Code}", new DeterminationRequest(LifecycleDriver.Department, "confirm", "复核后维持原评定")));
        Assert.Equal((before.LevelOrdinal, "confirm"), (confirmed.LevelOrdinal, confirmed.Determination));
        Assert.Equal(3, (await host.CampaignAsync(campaign.Id)).PublishedVersion);
        var reverted = await campaign.ResultAsync(a.Code!);
        Assert.Equal((3L, before.LevelOrdinal), (reverted.Version, reverted.LevelOrdinal));
        Assert.DoesNotContain("final-determination:", reverted.Result.GetProperty("levelChanges").GetRawText());
    }
}

using System.Net;
using System.Net.Http.Json;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>An upheld objection's re-rating is a new published version that every reader sees, explained with the objection's id.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReRatingTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upheld_objection_publishes_a_new_consistent_version_whose_result_explains_the_change_with_the_objection_id()
    {
        await using var host = await LifecycleDriver.StartHostAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-rerate", organizations: 8);
        var lc = new LifecycleDriver(host, campaign.Id);
        await campaign.SubmitAllAndPublishAsync();
        var notice = await lc.ReadAsync<NoticeResponse>(await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department)), HttpStatusCode.Created);
        Assert.Equal(1, notice.Version);

        var (a, b) = (campaign.County.Organizations[0].Row, campaign.County.Organizations[1].Row);
        var before = await campaign.ResultAsync(a.Code!);
        var newLevel = before.LevelOrdinal > 0 ? before.LevelOrdinal - 1 : 1;
        var objectionA = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, a.Code, "书记连续缺席组织生活")), HttpStatusCode.Created);
        var objectionB = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, b.Code, "测评票数不实")), HttpStatusCode.Created);

        // Dismissed: nothing is re-rated, no new version.
        await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionB.Id}/decision", new ObjectionDecisionRequest(LifecycleDriver.Department, "dismissed", "票数与登记一致")));
        Assert.Equal(1, (await host.CampaignAsync(campaign.Id)).PublishedVersion);

        // Upheld: version 2 is published; the result, the rankings and the distribution all read it.
        var decision = new ObjectionDecisionRequest(LifecycleDriver.Department, "upheld", "经党委研究核实属实", newLevel, "absences-3");
        await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionA.Id}/decision", decision));
        Assert.Equal(2, (await host.CampaignAsync(campaign.Id)).PublishedVersion);
        var after = await campaign.ResultAsync(a.Code!);
        Assert.Equal((2L, newLevel), (after.Version, after.LevelOrdinal));
        var change = after.Result.GetProperty("levelChanges").EnumerateArray().Last();
        Assert.Equal(($"objection:{objectionA.Id}", "absences-3", before.LevelOrdinal, newLevel),
            (change.GetProperty("rule").GetString(), change.GetProperty("reason").GetString(), change.GetProperty("from").GetProperty("ordinal").GetInt32(), change.GetProperty("to").GetProperty("ordinal").GetInt32()));
        Assert.Contains("经党委研究核实属实", change.GetProperty("detail").GetString());
        Assert.Equal(newLevel, after.Result.GetProperty("finalLevel").GetProperty("ordinal").GetInt32());
        Assert.Equal(before.FinalTotal, after.FinalTotal);
        Assert.Equal(before.Ranks, after.Ranks);

        var others = campaign.County.Organizations.Skip(1).Select(o => o.Row.Code!).ToList();
        foreach (var code in others)
        {
            var r = await campaign.ResultAsync(code);
            Assert.Equal(2L, r.Version);
            Assert.DoesNotContain("objection:", r.Result.GetProperty("levelChanges").GetRawText());
        }

        var lifecycleLevels = (await lc.ResultsAsync()).Items.ToDictionary(i => i.Code, i => i.Level);
        Assert.Equal(after.Level, lifecycleLevels[a.Code!]);
        var region = (await host.Http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{campaign.Id}/distribution/region", PipelineHost.Json, Ct))!;
        Assert.Equal(2L, region.Version);
        var counted = region.Rows.SelectMany(r => r.Levels).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Sum(l => l.Value));
        Assert.Equal(lifecycleLevels.Values.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count()).OrderBy(x => x.Key), counted.OrderBy(x => x.Key));
        var ranking = (await host.Http.GetFromJsonAsync<RankingPage>($"/api/v1/campaigns/{campaign.Id}/rankings/region/{a.Region}", PipelineHost.Json, Ct))!;
        Assert.Equal((2L, newLevel), (ranking.Version, ranking.Items.Single(i => i.Code == a.Code).LevelOrdinal));
        Assert.Equal(2, (await lc.EventsAsync(NotificationEventTypes.ResultsPublished)).Count);

        // The same decision again changes nothing: no third version.
        await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionA.Id}/decision", decision));
        Assert.Equal(2, (await host.CampaignAsync(campaign.Id)).PublishedVersion);
        Assert.Equal(2, (await lc.EventsAsync(NotificationEventTypes.ResultsPublished)).Count);

        // The notice's view keeps the level published at the notice and lists the change on top of it.
        var result = await lc.ResultAsync(a.Code!);
        Assert.Equal((before.LevelOrdinal, newLevel, "absences-3"), (result.PublishedLevelOrdinal, result.LevelOrdinal, Assert.Single(result.Changes).ReasonCode));
        Assert.Equal(1, (await lc.ResultsAsync()).Version);
    }
}

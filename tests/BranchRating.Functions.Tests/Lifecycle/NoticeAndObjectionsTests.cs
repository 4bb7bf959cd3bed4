using System.Net;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

[Collection(PipelineCollection.Name)]
public sealed class NoticeAndObjectionsTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every step of the standard procedure with its timeline; hard expiries are the pipeline's deadlines.</summary>
    private static ScheduleRequest Schedule() => new()
    {
        Steps =
        [
            new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 1, 8, 0, 0, Beijing), new DateTimeOffset(2026, 6, 5, 18, 0, 0, Beijing)),
            new(StepKinds.Appraisal, new DateTimeOffset(2026, 6, 1, 8, 0, 0, Beijing), new DateTimeOffset(2026, 6, 10, 18, 0, 0, Beijing)),
            new(StepKinds.SuperiorReview, new DateTimeOffset(2026, 6, 1, 8, 0, 0, Beijing), new DateTimeOffset(2026, 6, 15, 12, 0, 0, Beijing), new DateTimeOffset(2026, 6, 15, 18, 0, 0, Beijing)),
            new(StepKinds.Determination, new DateTimeOffset(2026, 6, 1, 8, 0, 0, Beijing), new DateTimeOffset(2026, 6, 20, 18, 0, 0, Beijing)),
        ],
    };

    [Fact]
    public async Task A_campaign_runs_every_step_to_a_public_notice_where_one_objection_is_upheld_one_dismissed_and_results_become_final()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Lifecycle:AuthorisedDepartments:0"] = LifecycleDriver.Department,
            ["Lifecycle:AuthorisedDepartments:1"] = "T01-committee",
        });
        var campaign = await SmallCampaign.CreateAsync(host, "lc-notice", organizations: 12);
        var lc = new LifecycleDriver(host, campaign.Id);
        await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));
        await lc.AdvanceAsync();
        Assert.Equal(4, (await lc.EventsAsync(NotificationEventTypes.StepOpened)).Count);

        // Nothing published yet: no notice.
        var tooEarly = await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department));
        Assert.Contains("No results are published", await LifecycleDriver.ProblemAsync(tooEarly, HttpStatusCode.Conflict, "campaignId"));

        await campaign.SubmitAllAndPublishAsync();
        await lc.AdvanceAsync();
        var lifecycle = await lc.LifecycleAsync();
        Assert.All(lifecycle.Steps, s => Assert.Equal("closed", s.Phase));
        Assert.All(lifecycle.Steps, s => Assert.NotNull(s.ReportedAt));
        Assert.Equal(0, (await lc.MissingAsync(StepKinds.SuperiorReview)).Total);

        // The notice: at least 7 days; the token comes back once.
        var shortNotice = await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department, Days: 5));
        Assert.Contains("at least 7 days", await LifecycleDriver.ProblemAsync(shortNotice, HttpStatusCode.BadRequest, "days"));
        var notice = await lc.ReadAsync<NoticeResponse>(await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department)), HttpStatusCode.Created);
        Assert.Equal(host.Time.GetUtcNow().AddDays(7), notice.EndsAt);
        Assert.Equal("2026-06-28T08:00+08:00", notice.EndsShanghai);
        Assert.False(string.IsNullOrEmpty(notice.NoticeToken));
        Assert.Null((await lc.LifecycleAsync()).Notice!.NoticeToken);
        Assert.Equal(HttpStatusCode.Conflict, (await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department))).StatusCode);
        Assert.All((await lc.ResultsAsync()).Items, r => Assert.Equal(Finality.UnderNotice, r.Status));

        var (a, b, c) = (campaign.County.Organizations[0].Row, campaign.County.Organizations[1].Row, campaign.County.Organizations[2].Row);
        var wrongToken = await lc.PostAsync("/objections", new ObjectionRequest("not-the-token", a.Code, "评分偏高"));
        Assert.Contains("not the one", await LifecycleDriver.ProblemAsync(wrongToken, HttpStatusCode.Forbidden, "noticeToken"));
        Assert.Contains("Say what", await LifecycleDriver.ProblemAsync(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, a.Code, " ")), HttpStatusCode.BadRequest, "text"));
        Assert.Contains("not on the roster", await LifecycleDriver.ProblemAsync(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, "NOPE", "x")), HttpStatusCode.NotFound, "organizationCode"));

        var objectionA = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, a.Code, "支部书记连续三次无故缺席组织生活, 未如实申报", "photo:2026-06-22/a.jpg")), HttpStatusCode.Created);
        var repeated = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, a.Code, "支部书记连续三次无故缺席组织生活, 未如实申报", "photo:2026-06-22/a.jpg")));
        Assert.Equal(objectionA.Id, repeated.Id);
        var objectionB = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, b.Code, "群众测评票数不实")), HttpStatusCode.Created);
        var objectionC = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, c.Code, "阵地建设未达标")), HttpStatusCode.Created);
        var raised = await lc.EventsAsync(NotificationEventTypes.ObjectionRaised);
        Assert.Equal(3, raised.Count);
        Assert.Equal([a.Code, b.Code, c.Code], raised.Select(e => e.Data.GetProperty("organizationId").GetString()).Order());

        // An objection sends the organization back to review.
        Assert.Equal(Finality.UnderReview, (await lc.ResultAsync(a.Code!)).Status);
        Assert.Equal(Finality.UnderNotice, (await lc.ResultAsync(campaign.County.Organizations[3].Row.Code!)).Status);

        // Upheld: re-rated one level down with a reason code; dismissed: with its reason.
        var publishedA = await lc.ResultAsync(a.Code!);
        var newLevel = publishedA.PublishedLevelOrdinal > 0 ? publishedA.PublishedLevelOrdinal - 1 : 1;
        var noLevel = await lc.PostAsync($"/objections/{objectionA.Id}/decision", new ObjectionDecisionRequest("T01-committee", "upheld", "核实属实"));
        Assert.Contains("new level", await LifecycleDriver.ProblemAsync(noLevel, HttpStatusCode.BadRequest, "levelOrdinal"));
        var beforeUpheld = await AuditBeforeAsync(host, "DecideObjection", ("campaignId", campaign.Id), ("objectionId", objectionA.Id));
        Assert.Equal(publishedA.LevelOrdinal, beforeUpheld.GetProperty("result").GetProperty("levelOrdinal").GetInt32());
        Assert.Equal(a.Code, beforeUpheld.GetProperty("objection").GetProperty("code").GetString());
        var upheld = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionA.Id}/decision",
            new ObjectionDecisionRequest("T01-committee", "upheld", "经党委集体研究核实属实, 缺席三次, 降一星", newLevel, "absences-3")));
        Assert.Equal((ObjectionStates.Upheld, publishedA.PublishedLevelOrdinal, newLevel, "absences-3"), (upheld.State, upheld.FromLevel!.Value, upheld.ToLevel!.Value, upheld.ReasonCode));
        var dismissed = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionB.Id}/decision",
            new ObjectionDecisionRequest("T01-committee", "dismissed", "复核测评票, 票数与登记一致")));
        Assert.Equal(ObjectionStates.Dismissed, dismissed.State);
        var flip = await lc.PostAsync($"/objections/{objectionB.Id}/decision", new ObjectionDecisionRequest("T01-committee", "upheld", "x", 1));
        Assert.Contains("already dismissed", await LifecycleDriver.ProblemAsync(flip, HttpStatusCode.Conflict, "outcome"));
        if (newLevel < publishedA.PublishedLevelOrdinal) Assert.Single(await lc.EventsAsync(NotificationEventTypes.StarLost));

        // Still inside the period: nothing is final.
        Assert.Equal(Finality.UnderNotice, (await lc.ResultAsync(a.Code!)).Status);

        // The period ends: final unless an objection is still open (C); the end is reported once, naming C.
        host.Time.SetUtcNow(notice.EndsAt);
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        var ended = Assert.Single(await lc.EventsAsync(NotificationEventTypes.NoticeEnded));
        Assert.Equal([c.Code], ended.Data.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        var late = await lc.PostAsync("/objections", new ObjectionRequest(notice.NoticeToken, a.Code, "又一条"));
        Assert.Contains("no longer accepted", await LifecycleDriver.ProblemAsync(late, HttpStatusCode.Conflict, "notice"));

        var resultA = await lc.ResultAsync(a.Code!);
        Assert.Equal((Finality.Final, newLevel), (resultA.Status, resultA.LevelOrdinal));
        var change = Assert.Single(resultA.Changes);
        Assert.Equal((publishedA.PublishedLevelOrdinal, newLevel, "absences-3", "T01-committee"), (change.From, change.To, change.ReasonCode, change.By));
        var resultB = await lc.ResultAsync(b.Code!);
        Assert.Equal((Finality.Final, resultB.PublishedLevelOrdinal), (resultB.Status, resultB.LevelOrdinal));
        Assert.Empty(resultB.Changes);
        Assert.Equal(Finality.UnderReview, (await lc.ResultAsync(c.Code!)).Status);

        await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync($"/objections/{objectionC.Id}/decision", new ObjectionDecisionRequest("T01-committee", "dismissed", "实地查看阵地达标")));
        Assert.All((await lc.ResultsAsync()).Items, r => Assert.Equal(Finality.Final, r.Status));

        // Final determination: adjust one to 5★ (filed with the province), confirm another; 4★ results are filed with the city.
        var d = campaign.County.Organizations[3].Row.Code!;
        var noReason = await lc.PostAsync($"/determinations/{d}", new DeterminationRequest(LifecycleDriver.Department, "adjust", "", 5));
        Assert.Contains("reason", await LifecycleDriver.ProblemAsync(noReason, HttpStatusCode.BadRequest, "reason"));
        var beforeAdjust = await AuditBeforeAsync(host, "DetermineResult", ("campaignId", campaign.Id), ("code", d));
        Assert.Equal((await lc.ResultAsync(d)).LevelOrdinal, beforeAdjust.GetProperty("levelOrdinal").GetInt32());
        var adjusted = await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{d}", new DeterminationRequest(LifecycleDriver.Department, "adjust", "市级示范点, 县委组织部评定", 5)));
        Assert.Equal((5, "province", "adjust"), (adjusted.LevelOrdinal, adjusted.FiledUpwardTo, adjusted.Determination));
        Assert.Equal("determination", Assert.Single(adjusted.Changes).ReasonCode);
        var beforeSecond = await AuditBeforeAsync(host, "DetermineResult", ("campaignId", campaign.Id), ("code", d));
        Assert.Equal((5, "adjust"), (beforeSecond.GetProperty("levelOrdinal").GetInt32(), beforeSecond.GetProperty("determination").GetString()));
        var confirmed = await lc.ReadAsync<LifecycleResultResponse>(await lc.PostAsync($"/determinations/{b.Code}", new DeterminationRequest(LifecycleDriver.Department, "confirm", "异议不成立, 维持")));
        Assert.Equal((resultB.PublishedLevelOrdinal, "confirm"), (confirmed.LevelOrdinal, confirmed.Determination));
        var all = (await lc.ResultsAsync()).Items;
        Assert.All(all.Where(r => r.LevelOrdinal == 4), r => Assert.Equal("city", r.FiledUpwardTo));
        Assert.All(all.Where(r => r.LevelOrdinal < 4), r => Assert.Null(r.FiledUpwardTo));
        var outsider = await lc.PostAsync($"/determinations/{d}", new DeterminationRequest("T01-committee-typo", "confirm", "x"));
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
    }

    /// <summary>What the audit trail records as "before" for <paramref name="endpoint"/> on the given route, read from storage now.</summary>
    private static async Task<System.Text.Json.JsonElement> AuditBeforeAsync(PipelineHost host, string endpoint, params (string Name, string Value)[] route)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = host.Services };
        foreach (var (name, value) in route)
        {
            http.Request.RouteValues[name] = value;
        }

        var lookup = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions
            .GetRequiredKeyedService<BranchRating.Functions.Security.AuditBefore.IAuditBeforeState>(host.Services, endpoint);
        var found = await lookup.ReadAsync(http, [], Ct);
        Assert.NotNull(found.State);
        return System.Text.Json.JsonSerializer.SerializeToElement(found.State, found.State.GetType(), System.Text.Json.JsonSerializerOptions.Web);
    }
}

using System.Net;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>Publishing the standard, the public notice and the ledger can be closed early and extended, each action recorded.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ProcedureStepActionsTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(int day, int hour) => new(2026, 6, day, hour, 0, 0, Beijing);

    /// <summary>The standard on 1 June, submissions to 20 June, a nine-day notice 21–30 June, the ledger 30 June.</summary>
    private static ScheduleRequest Schedule() => new()
    {
        Steps =
        [
            new(ProcedureSteps.PublishStandard, At(1, 9), At(1, 18)),
            new(StepKinds.SelfAssessment, At(2, 9), At(5, 18)),
            new(StepKinds.Appraisal, At(2, 9), At(10, 18)),
            new(StepKinds.SuperiorReview, At(2, 9), At(15, 18)),
            new(StepKinds.Determination, At(2, 9), At(20, 18)),
            new(ProcedureSteps.PublicNotice, At(21, 9), At(30, 9)),
            new(ProcedureSteps.Ledger, At(30, 9), At(30, 18)),
        ],
    };

    private static StepActionRequest Action(string reason, DateTimeOffset? softDeadline = null) => new(LifecycleDriver.Department, reason, softDeadline);

    [Fact]
    public async Task The_standard_the_notice_and_the_ledger_are_extended_and_closed_early_with_the_notice_end_moving_and_the_minimum_notice_respected()
    {
        await using var host = await LifecycleDriver.StartHostAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-procact", organizations: 6);
        var lc = new LifecycleDriver(host, campaign.Id);
        await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));
        string Kind(string step) => $"/steps/{step}";

        // 1 June 08:00: the standard's step has not opened, so it cannot close; it can be extended (once: the same request is a no-op).
        host.Time.SetUtcNow(At(1, 8));
        Assert.Contains("has not opened yet", await LifecycleDriver.ProblemAsync(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/close", Action("提前结束")), HttpStatusCode.Conflict, "step"));
        Assert.Contains("later than 2026-06-01T18:00+08:00",
            await LifecycleDriver.ProblemAsync(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/extend", Action("延长", At(1, 12))), HttpStatusCode.BadRequest, "softDeadline"));
        var extended = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/extend", Action("方案征求意见延长", At(1, 20))));
        Assert.Equal(At(1, 20), extended.Steps[0].SoftDeadline);
        await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/extend", Action("方案征求意见延长", At(1, 20))));
        var recorded = Assert.Single((await lc.LifecycleAsync()).Actions);
        Assert.Equal(("extend", ProcedureSteps.PublishStandard, "方案征求意见延长"), (recorded.Kind, recorded.Step, recorded.Reason));

        // 09:00: it opens; closed early at 10:00 with its reason, once.
        host.Time.SetUtcNow(At(1, 9));
        await lc.AdvanceAsync();
        host.Time.SetUtcNow(At(1, 10));
        var closedStandard = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/close", Action("方案已公布完毕")));
        Assert.Equal(("closed", At(1, 10)), (closedStandard.Steps[0].State, closedStandard.Steps[0].ReportedAt));
        var standardClosed = Assert.Single(await lc.EventsAsync(NotificationEventTypes.StepClosed));
        Assert.Contains("closed early by county-org-dept: 方案已公布完毕", standardClosed.Data.GetProperty("detail").GetString());
        Assert.Contains("already closed", await LifecycleDriver.ProblemAsync(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/close", Action("again")), HttpStatusCode.Conflict, "step"));
        Assert.Contains("no longer be extended", await LifecycleDriver.ProblemAsync(await lc.PostAsync(Kind(ProcedureSteps.PublishStandard) + "/extend", Action("x", At(2, 8))), HttpStatusCode.Conflict, "step"));

        // Submissions, results; 21 June 09:00 the timer starts the notice to 30 June 09:00.
        host.Time.SetUtcNow(At(2, 10));
        await campaign.SubmitAllAndPublishAsync();
        host.Time.SetUtcNow(At(21, 9));
        await lc.AdvanceAsync();
        Assert.Equal(At(30, 9), (await lc.LifecycleAsync()).Notice!.EndsAt);
        var token = Assert.Single(await lc.EventsAsync(NotificationEventTypes.NoticeStarted)).Data.GetProperty("detail").GetString()!.Split("noticeToken ")[1];

        // Extending the notice moves its end; the same request again changes nothing.
        host.Time.SetUtcNow(At(22, 9));
        var longer = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublicNotice) + "/extend", Action("群众反映集中, 延长公示", At(30, 12))));
        Assert.Equal((At(30, 12), At(30, 12)), (longer.Notice!.EndsAt, longer.Steps.Single(s => s.Kind == ProcedureSteps.PublicNotice).HardExpiry));
        await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublicNotice) + "/extend", Action("群众反映集中, 延长公示", At(30, 12))));
        Assert.Equal(2, (await lc.LifecycleAsync()).Actions.Count(a => a.Kind == "extend"));

        // Closing before the minimum notice period is refused, naming when it can close.
        host.Time.SetUtcNow(At(25, 9));
        Assert.Contains("at least 7 days: it can close from 2026-06-28T09:00+08:00",
            await LifecycleDriver.ProblemAsync(await lc.PostAsync(Kind(ProcedureSteps.PublicNotice) + "/close", Action("提前结束公示")), HttpStatusCode.Conflict, "step"));
        Assert.False((await lc.LifecycleAsync()).Notice!.Ended);

        // After it: the notice ends now, its end is reported, objections are refused.
        host.Time.SetUtcNow(At(28, 10));
        var closedNotice = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.PublicNotice) + "/close", Action("公示期满七日, 无异议")));
        Assert.Equal((At(28, 10), true), (closedNotice.Notice!.EndsAt, closedNotice.Notice.Ended));
        Assert.Equal("closed", closedNotice.Steps.Single(s => s.Kind == ProcedureSteps.PublicNotice).State);
        Assert.Single(await lc.EventsAsync(NotificationEventTypes.NoticeEnded));
        var late = await lc.PostAsync("/objections", new ObjectionRequest(token, campaign.County.Organizations[0].Row.Code, "迟到的异议"));
        Assert.Contains("no longer accepted", await LifecycleDriver.ProblemAsync(late, HttpStatusCode.Conflict, "notice"));
        Assert.All((await lc.ResultsAsync()).Items, r => Assert.Equal(Finality.Final, r.Status));
        var closeAction = (await lc.LifecycleAsync()).Actions.Single(a => a.Kind == "close-early" && a.Step == ProcedureSteps.PublicNotice);
        Assert.Equal(("公示期满七日, 无异议", "notice end 2026-06-30T12:00+08:00 → 2026-06-28T10:00+08:00"), (closeAction.Reason, closeAction.Detail));

        // The ledger opens at 30 June 09:00; extended past 18:00 it stays open at 18:00, then is closed early.
        host.Time.SetUtcNow(At(30, 9));
        await lc.AdvanceAsync();
        await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.Ledger) + "/extend", Action("台账录入延期", new DateTimeOffset(2026, 7, 2, 18, 0, 0, Beijing))));
        host.Time.SetUtcNow(At(30, 18));
        await lc.AdvanceAsync();
        Assert.Equal("open", (await lc.LifecycleAsync()).Steps.Single(s => s.Kind == ProcedureSteps.Ledger).State);
        var done = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync(Kind(ProcedureSteps.Ledger) + "/close", Action("台账登记完成")));
        Assert.Equal("closed", done.Steps.Single(s => s.Kind == ProcedureSteps.Ledger).State);
        Assert.Equal(3, (await lc.EventsAsync(NotificationEventTypes.StepClosed)).Count(e => e.Data.GetProperty("detail").GetString()!.Contains("closed early", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_step_outside_the_pipeline_without_a_timeline_cannot_be_closed_or_extended()
    {
        await using var host = await LifecycleDriver.StartHostAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-procact-none", organizations: 2);
        var lc = new LifecycleDriver(host, campaign.Id);
        Assert.Contains("schedule it first", await LifecycleDriver.ProblemAsync(await lc.PostAsync($"/steps/{ProcedureSteps.Ledger}/close", Action("x")), HttpStatusCode.NotFound, "step"));
        Assert.Contains("schedule it first", await LifecycleDriver.ProblemAsync(await lc.PostAsync($"/steps/{ProcedureSteps.PublicNotice}/extend", Action("x", PipelineHost.Start.AddDays(30))), HttpStatusCode.NotFound, "step"));
    }
}

using System.Net;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>Publishing the standard, the public notice and the ledger are steps of the timeline, opened and closed by the timer.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ProcedureStepsTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(int day, int hour) => new(2026, 6, day, hour, 0, 0, Beijing);

    private static DateTimeOffset Utc(int day, int hour) => At(day, hour).ToUniversalTime();

    /// <summary>The seven steps, given out of order: the standard on 1 June, submissions to 20 June, notice 21–28 June, ledger to 30 June.</summary>
    private static ScheduleRequest Schedule() => new()
    {
        Steps =
        [
            new(ProcedureSteps.Ledger, At(28, 9), At(30, 18)),
            new(ProcedureSteps.PublicNotice, At(21, 9), At(28, 9)),
            new(StepKinds.Determination, At(2, 9), At(20, 18)),
            new(StepKinds.SuperiorReview, At(2, 9), At(15, 18)),
            new(StepKinds.Appraisal, At(2, 9), At(10, 18)),
            new(StepKinds.SelfAssessment, At(2, 9), At(5, 18)),
            new(ProcedureSteps.PublishStandard, At(1, 9), At(1, 18)),
        ],
    };

    [Fact]
    public async Task The_timer_publishes_the_standard_starts_and_ends_the_notice_and_opens_the_ledger_and_the_read_shows_all_seven_steps_in_order()
    {
        await using var host = await LifecycleDriver.StartHostAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-proc", organizations: 6);
        var lc = new LifecycleDriver(host, campaign.Id);

        // Refused: a notice shorter than the minimum or with grace, a ledger before the notice ends, a step before the standard.
        var bad = await lc.PutAsync("/schedule", new ScheduleRequest
        {
            Steps =
            [
                new(ProcedureSteps.PublishStandard, At(2, 9), At(2, 18)),
                new(StepKinds.SelfAssessment, At(1, 9), At(5, 18)),
                new(ProcedureSteps.PublicNotice, At(21, 9), At(26, 9), GraceWindow: TimeSpan.FromDays(1)),
            ],
        });
        Assert.Contains("before the standard is published (2026-06-02T09:00+08:00)", await LifecycleDriver.ProblemAsync(bad, HttpStatusCode.BadRequest, "steps[1].opensAt"));
        var text = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"steps[2].softDeadline\":[\"The notice lasts at least 7 days.\"]", text);
        Assert.Contains("steps[2].graceWindow", text);
        var early = await lc.PutAsync("/schedule", new ScheduleRequest { Steps = [new(ProcedureSteps.PublicNotice, At(21, 9), At(28, 9)), new(ProcedureSteps.Ledger, At(25, 9), At(30, 18))] });
        Assert.Equal("The ledger is registered after the notice ends (2026-06-28T09:00+08:00).", await LifecycleDriver.ProblemAsync(early, HttpStatusCode.BadRequest, "steps[1].opensAt"));
        Assert.Empty((await lc.LifecycleAsync()).Steps);

        var set = await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));
        Assert.Equal(ProcedureSteps.InOrder, set.Steps.Select(s => s.Kind));
        Assert.All(set.Steps, s => Assert.Equal("notopen", s.Phase));
        Assert.Equal(("2026-06-21T09:00+08:00", "2026-06-28T09:00+08:00"), (set.Steps[5].OpensShanghai, set.Steps[5].SoftDeadlineShanghai));

        // 1 June 09:00: the standard is published; 18:00: its step closes. Each once.
        host.Time.SetUtcNow(Utc(1, 9));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        Assert.Equal([$"{campaign.Id}.{ProcedureSteps.PublishStandard}.opened"], (await lc.EventsAsync(NotificationEventTypes.StepOpened)).Select(e => e.Id));
        host.Time.SetUtcNow(Utc(1, 18));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        Assert.Equal([$"{campaign.Id}.{ProcedureSteps.PublishStandard}.closed"], (await lc.EventsAsync(NotificationEventTypes.StepClosed)).Select(e => e.Id));
        var standard = (await lc.LifecycleAsync()).Steps[0];
        Assert.Equal(("closed", "closed"), (standard.State, standard.Phase));

        // The submission steps run and publish on 20 June.
        host.Time.SetUtcNow(Utc(2, 10));
        await campaign.SubmitAllAndPublishAsync();

        // 21 June 08:00: results published, the notice step not open yet; the ledger is refused until its step opens.
        await lc.AdvanceAsync();
        Assert.Null((await lc.LifecycleAsync()).Notice);
        var ledgerEarly = await host.Http.GetAsync(lc.Url("/ledger"), Ct);
        Assert.Contains("The 'ledger' step opens at 2026-06-28T09:00+08:00", await LifecycleDriver.ProblemAsync(ledgerEarly, HttpStatusCode.Conflict, "step"));

        // 09:00: the timer starts the notice on the published version, to the step's deadline; its token goes out with the event.
        host.Time.SetUtcNow(Utc(21, 9));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        var lifecycle = await lc.LifecycleAsync();
        Assert.Equal((At(21, 9), At(28, 9), false), (lifecycle.Notice!.StartsAt, lifecycle.Notice.EndsAt, lifecycle.Notice.Ended));
        Assert.NotNull(lifecycle.Steps[5].OpenedAt);
        var started = Assert.Single(await lc.EventsAsync(NotificationEventTypes.NoticeStarted));
        var token = started.Data.GetProperty("detail").GetString()!.Split("noticeToken ")[1];
        var code = campaign.County.Organizations[0].Row.Code!;
        var objection = await lc.ReadAsync<ObjectionResponse>(await lc.PostAsync("/objections", new ObjectionRequest(token, code, "得分与实际不符")), HttpStatusCode.Created);
        Assert.Equal(ObjectionStates.Open, objection.State);
        Assert.Equal(HttpStatusCode.Conflict, (await lc.PostAsync("/notice", new StartNoticeRequest(LifecycleDriver.Department))).StatusCode);

        // 28 June 09:00: the notice ends (its step closes) and the ledger opens; 30 June 18:00 the ledger step closes.
        host.Time.SetUtcNow(Utc(28, 9));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        Assert.Single(await lc.EventsAsync(NotificationEventTypes.NoticeEnded));
        var ledger = await lc.ReadAsync<List<LedgerRow>>(await host.Http.GetAsync(lc.Url("/ledger"), Ct));
        Assert.Equal(6, ledger.Count);
        Assert.Equal(Finality.UnderReview, ledger.Single(r => r.Code == code).Status);
        host.Time.SetUtcNow(Utc(30, 18));
        await lc.AdvanceAsync();
        var end = await lc.LifecycleAsync();
        Assert.Equal(ProcedureSteps.InOrder, end.Steps.Select(s => s.Kind));
        Assert.All(end.Steps, s => Assert.Equal(("closed", true, true), (s.Phase, s.OpenedAt is not null, s.ReportedAt is not null)));
        var closed = (await lc.EventsAsync(NotificationEventTypes.StepClosed)).Select(e => e.Id).ToList();
        Assert.Contains($"{campaign.Id}.{ProcedureSteps.PublicNotice}.closed", closed);
        Assert.Contains($"{campaign.Id}.{ProcedureSteps.Ledger}.closed", closed);
        Assert.Equal(7, (await lc.EventsAsync(NotificationEventTypes.StepOpened)).Count);
    }
}

using System.Net;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

[Collection(PipelineCollection.Name)]
public sealed class StepsAndDeadlinesTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static Dictionary<string, string?> Settings => new()
    {
        ["Lifecycle:AuthorisedDepartments:0"] = LifecycleDriver.Department,
        ["Lifecycle:ReminderLeadTimes:0"] = "3.00:00:00",
        ["Lifecycle:ReminderLeadTimes:1"] = "1.00:00:00",
    };

    private static ScheduleRequest Schedule() => new()
    {
        Steps =
        [
            // Self-assessment: opens 1 June 09:00, due 4 June 18:00, one day of grace (hard expiry = the pipeline's 5 June 18:00).
            new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 1, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 4, 18, 0, 0, Beijing), GraceWindow: TimeSpan.FromDays(1)),
            new(StepKinds.Appraisal, new DateTimeOffset(2026, 6, 2, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 10, 18, 0, 0, Beijing)),
        ],
    };

    [Fact]
    public async Task Timers_open_steps_and_remind_once_per_lead_time_per_committee_and_an_extension_moves_both_deadlines_and_is_recorded()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: Settings);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-steps", organizations: 12);
        var lc = new LifecycleDriver(host, campaign.Id);

        var set = await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));
        var self = set.Steps.Single(s => s.Kind == StepKinds.SelfAssessment);
        Assert.Equal("2026-06-04T18:00+08:00", self.SoftDeadlineShanghai);
        Assert.Equal("2026-06-05T18:00+08:00", self.HardExpiryShanghai);
        Assert.Equal(new DateTimeOffset(2026, 6, 4, 10, 0, 0, TimeSpan.Zero), self.SoftDeadline);
        Assert.Equal("notopen", self.Phase);

        // 1 June 08:00 Beijing: nothing opens yet; 10:00: self-assessment opens, appraisal does not.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await lc.AdvanceAsync();
        Assert.Empty(await lc.EventsAsync(NotificationEventTypes.StepOpened));
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        var opened = await lc.EventsAsync(NotificationEventTypes.StepOpened);
        Assert.Equal([$"{campaign.Id}.{StepKinds.SelfAssessment}.opened"], opened.Select(e => e.Id));
        Assert.NotNull((await lc.LifecycleAsync()).Steps.Single(s => s.Kind == StepKinds.SelfAssessment).OpenedAt);

        // Half submit; 3 days before the soft deadline a reminder goes to each committee with missing branches, once.
        var submitted = campaign.County.Organizations.Where((_, i) => i % 2 == 0).ToList();
        foreach (var o in submitted) await campaign.Driver.SubmitSelfAssessmentAsync(o, TestContext.Current.CancellationToken);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero));
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        var reminders = await lc.EventsAsync(NotificationEventTypes.DeadlineApproaching);
        var missingCodes = campaign.County.Organizations.Except(submitted).Select(o => o.Row.Code!).Order().ToList();
        var committees = campaign.County.Organizations.Except(submitted).Select(o => o.Row.ParentCode!).Distinct().Count();
        Assert.Equal(committees, reminders.Count);
        Assert.Equal(missingCodes, reminders.SelectMany(r => r.Data.GetProperty("items").EnumerateArray().Select(i => i.GetString()!.Split(' ')[0])).Order());

        // The department extends the deadline: soft and hard move together, reminders will go again, the pipeline accepts until the new hard expiry.
        var refused = await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", new StepActionRequest("someone", "flood", new DateTimeOffset(2026, 6, 6, 18, 0, 0, Beijing)));
        Assert.Contains("not a department authorised", await LifecycleDriver.ProblemAsync(refused, HttpStatusCode.Forbidden, "by"));
        var noReason = await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", new StepActionRequest(LifecycleDriver.Department, " ", new DateTimeOffset(2026, 6, 6, 18, 0, 0, Beijing)));
        Assert.Contains("reason", await LifecycleDriver.ProblemAsync(noReason, HttpStatusCode.BadRequest, "reason"));
        var earlier = await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", new StepActionRequest(LifecycleDriver.Department, "typo", new DateTimeOffset(2026, 6, 3, 18, 0, 0, Beijing)));
        Assert.Contains("later than", await LifecycleDriver.ProblemAsync(earlier, HttpStatusCode.BadRequest, "softDeadline"));

        var extend = new StepActionRequest(LifecycleDriver.Department, "防汛抢险, 各支部顺延两天", new DateTimeOffset(2026, 6, 6, 18, 0, 0, Beijing));
        var extended = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", extend));
        var again = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", extend));
        var step = extended.Steps.Single(s => s.Kind == StepKinds.SelfAssessment);
        Assert.Equal(("2026-06-06T18:00+08:00", "2026-06-07T18:00+08:00"), (step.SoftDeadlineShanghai, step.HardExpiryShanghai));
        Assert.Empty(step.RemindersSent);
        var action = Assert.Single(again.Actions);
        Assert.Equal(("extend", StepKinds.SelfAssessment, LifecycleDriver.Department, extend.Reason), (action.Kind, action.Step, action.By, action.Reason));
        Assert.Equal("2026-06-07T18:00+08:00", (await host.CampaignAsync(campaign.Id)).Steps.Single(s => s.Kind == StepKinds.SelfAssessment).DeadlineShanghai);

        // Past the original hard expiry (5 June 18:00) but before the new one: still accepted.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 5, 12, 0, 0, TimeSpan.Zero));
        var late = campaign.County.Organizations.Except(submitted).First();
        await campaign.Driver.SubmitSelfAssessmentAsync(late, TestContext.Current.CancellationToken);
        await lc.AdvanceAsync();
        Assert.True((await lc.EventsAsync(NotificationEventTypes.DeadlineApproaching)).Count > reminders.Count, "reminders go again before the new deadline");

        // The new hard expiry passes: the pipeline's timer closes the step, the lifecycle timer reports what is missing, per committee.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 7, 10, 0, 1, TimeSpan.Zero));
        await host.CloseDueStepsAsync();
        await lc.AdvanceAsync();
        await lc.AdvanceAsync();
        var report = await lc.MissingAsync(StepKinds.SelfAssessment);
        Assert.False(report.Provisional);
        var stillMissing = missingCodes.Where(c => c != late.Row.Code).ToList();
        Assert.Equal(stillMissing, report.Committees.SelectMany(c => c.Items).Select(i => i.Code).Order());
        Assert.All(report.Committees, c => Assert.All(c.Items, i => Assert.Equal(c.Committee, campaign.County.Organizations.Single(o => o.Row.Code == i.Code).Row.ParentCode)));
        Assert.All(report.Committees.SelectMany(c => c.Items), i => Assert.Equal("rated on the superior's scores alone", i.Consequence));
        var closed = await lc.EventsAsync(NotificationEventTypes.StepClosed);
        Assert.Equal(report.Committees.Count + 1, closed.Count);
    }

    [Fact]
    public async Task An_early_close_is_recorded_refuses_later_input_and_serves_the_missing_appraisals_below_the_participation_threshold()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: Settings);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-early", organizations: 8);
        var lc = new LifecycleDriver(host, campaign.Id);
        await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));

        // Once the appraisal has opened (2 June 09:00 Beijing), only the first three organizations collect their ballots;
        // the others stay below anyang-100's participation threshold.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 2, 2, 0, 0, TimeSpan.Zero));
        var voting = campaign.County.Organizations.Take(3).ToList();
        foreach (var o in voting) await campaign.Driver.CastBallotsAsync(o, TestContext.Current.CancellationToken);
        var provisional = await lc.MissingAsync(StepKinds.Appraisal);
        Assert.True(provisional.Provisional);

        var close = new StepActionRequest(LifecycleDriver.Department, "镇党委统一安排提前结束测评");
        var after = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync($"/steps/{StepKinds.Appraisal}/close", close));
        var step = after.Steps.Single(s => s.Kind == StepKinds.Appraisal);
        Assert.Equal(("closed", "closed"), (step.State, step.Phase));
        Assert.NotNull(step.ReportedAt);
        var action = Assert.Single(after.Actions);
        Assert.Equal(("close-early", LifecycleDriver.Department, close.Reason), (action.Kind, action.By, action.Reason));

        var twice = await lc.PostAsync($"/steps/{StepKinds.Appraisal}/close", close);
        Assert.Contains("already closed", await LifecycleDriver.ProblemAsync(twice, HttpStatusCode.Conflict, "step"));
        var ballotsRefused = await Assert.ThrowsAsync<HttpRequestException>(() => campaign.Driver.CastBallotsAsync(campaign.County.Organizations[5], TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Conflict, ballotsRefused.StatusCode);

        var report = await lc.MissingAsync(StepKinds.Appraisal);
        Assert.False(report.Provisional);
        var belowThreshold = voting.Where(o => Math.Round(100m * o.Ballots.Count / o.Row.MemberCount!.Value, 1) < 80m).Select(o => o.Row.Code!);
        var expected = campaign.County.Organizations.Skip(3).Select(o => o.Row.Code!).Concat(belowThreshold).Order().ToList();
        Assert.Equal(expected, report.Committees.SelectMany(c => c.Items).Select(i => i.Code).Order());
        Assert.All(report.Committees.SelectMany(c => c.Items).Where(i => voting.All(v => v.Row.Code != i.Code)), i => Assert.StartsWith("ballot 'members': 0 of", i.Missing));
        await lc.AdvanceAsync();
        Assert.Equal(report.Committees.Count + 1, (await lc.EventsAsync(NotificationEventTypes.StepClosed)).Count);
    }

    [Fact]
    public async Task A_schedule_with_bad_timelines_is_refused_naming_each_field()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: Settings);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-bad", organizations: 2);
        var lc = new LifecycleDriver(host, campaign.Id);
        var response = await lc.PutAsync("/schedule", new ScheduleRequest
        {
            Steps =
            [
                new("mass-meeting", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)),
                new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero)),
                new(StepKinds.Appraisal, null, new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero), GraceWindow: TimeSpan.FromHours(-1)),
            ],
        });
        Assert.Contains("self-assessment", await LifecycleDriver.ProblemAsync(response, HttpStatusCode.BadRequest, "steps[0].kind"));
        Assert.Contains("after the opening", await LifecycleDriver.ProblemAsync(await lc.PutAsync("/schedule", new ScheduleRequest
        {
            Steps = [new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero))],
        }), HttpStatusCode.BadRequest, "steps[0].softDeadline"));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("steps[2].opensAt", text);
        Assert.Contains("steps[2].graceWindow", text);
        Assert.Contains("steps[1].softDeadline", text);
        Assert.Equal(StepPhase.NotOpen, new StepTimeline("x", DateTimeOffset.MaxValue.AddDays(-2), DateTimeOffset.MaxValue.AddDays(-1), DateTimeOffset.MaxValue).PhaseAt(DateTimeOffset.UnixEpoch));
    }
}

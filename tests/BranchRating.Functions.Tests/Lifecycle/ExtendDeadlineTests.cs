using System.Net;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Notifications.Events;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>Extending a step of a campaign created with deadlines only (no lifecycle schedule), and what is refused.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ExtendDeadlineTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_step_without_a_schedule_is_extended_from_its_pipeline_deadline_and_the_gate_accepts_until_the_new_one()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "extend-plain", organizations: 4);
        var lc = new LifecycleDriver(host, campaign.Id);
        var before = (await host.CampaignAsync(campaign.Id)).Steps.Single(s => s.Kind == StepKinds.SelfAssessment).Deadline;

        var extend = new StepActionRequest(LifecycleDriver.Department, "暴雨, 顺延三天", before.AddDays(3));
        var extended = await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", extend));

        var step = extended.Steps.Single(s => s.Kind == StepKinds.SelfAssessment);
        Assert.Equal(before.AddDays(3), step.SoftDeadline);
        Assert.Equal(before.AddDays(3), step.HardExpiry);
        Assert.Equal(before.AddDays(3), (await host.CampaignAsync(campaign.Id)).Steps.Single(s => s.Kind == StepKinds.SelfAssessment).Deadline);
        var action = Assert.Single(extended.Actions);
        Assert.Equal(("extend", extend.Reason), (action.Kind, action.Reason));

        // Past the old deadline, before the new one: a submission is accepted; no late "opened" event was invented.
        host.Time.SetUtcNow(before.AddDays(1));
        await campaign.Driver.SubmitSelfAssessmentAsync(campaign.First, TestContext.Current.CancellationToken);
        var status = await host.Http.GetAsync(campaign.Url(campaign.First.Row.Code!, "self-assessment"), TestContext.Current.CancellationToken);
        Assert.Contains("submitted", await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await lc.AdvanceAsync();
        Assert.Empty(await lc.EventsAsync(NotificationEventTypes.StepOpened));
    }

    [Fact]
    public async Task Moving_a_deadline_into_the_past_or_of_a_closed_step_is_refused_with_problem_details()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "extend-refused", organizations: 2);
        var lc = new LifecycleDriver(host, campaign.Id);
        var appraisal = (await host.CampaignAsync(campaign.Id)).Steps.Single(s => s.Kind == StepKinds.Appraisal).Deadline;
        host.Time.SetUtcNow(appraisal.AddDays(-1));

        var past = await lc.PostAsync($"/steps/{StepKinds.Appraisal}/extend", new StepActionRequest(LifecycleDriver.Department, "typo", host.Time.GetUtcNow().AddHours(-1)));
        Assert.Contains("in the past", await LifecycleDriver.ProblemAsync(past, HttpStatusCode.BadRequest, "softDeadline"));

        await lc.ReadAsync<LifecycleResponse>(await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/close", new StepActionRequest(LifecycleDriver.Department, "all in")));
        var closed = await lc.PostAsync($"/steps/{StepKinds.SelfAssessment}/extend", new StepActionRequest(LifecycleDriver.Department, "too late", appraisal.AddDays(5)));
        Assert.Contains("closed", await LifecycleDriver.ProblemAsync(closed, HttpStatusCode.Conflict, "step"));
        Assert.Equal(new DateTimeOffset(2026, 6, 5, 18, 0, 0, Beijing), (await host.CampaignAsync(campaign.Id)).Steps.Single(s => s.Kind == StepKinds.SelfAssessment).Deadline);
    }
}

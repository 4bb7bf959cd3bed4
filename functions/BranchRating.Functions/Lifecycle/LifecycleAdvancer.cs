using Azure.Data.Tables;
using BranchRating.Domain.Lifecycle;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// Moves one campaign's lifecycle forward at the clock's time, each change at most once (ETag-conditional, stable
/// event ids): opens steps whose opening instant has come, sends due reminders per reviewing committee, reports what
/// is missing when the pipeline has closed a step (deadline or early close), and reports the end of the notice.
/// </summary>
public sealed class LifecycleAdvancer(
    CampaignStore campaigns, LifecycleStore lifecycle, MissingReportBuilder missing, NoticeService notices, TimeProvider time, IOptions<LifecycleOptions> options, ILogger<LifecycleAdvancer> logger)
{
    /// <summary>Most events in one transaction besides the change itself (a transaction holds 100 actions).</summary>
    private const int EventsPerTransaction = 90;

    public async Task AdvanceAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return;
        var now = time.GetUtcNow();
        foreach (var step in await lifecycle.GetStepsAsync(campaignId, cancellationToken))
        {
            if (step.ReportedAt is not null) continue;
            if (ProcedureSteps.OutsidePipeline(step.Timeline.Kind))
            {
                await AdvanceOutsidePipelineAsync(campaign, step, now, cancellationToken);
                continue;
            }

            var pipelineStep = campaign.Steps.FirstOrDefault(s => s.Order == step.Order);
            if (pipelineStep is null) continue;
            var current = step;
            if (current.OpenedAt is null && now >= current.Timeline.OpensAt)
            {
                if (!await lifecycle.UpdateStepAsync(current, e => e["OpenedAt"] = now, [LifecycleEvents.StepOpened(campaign.Campaign, current.Timeline, now)], cancellationToken)) continue;
                current = await ReloadAsync(current, cancellationToken);
            }

            if (pipelineStep.State == StepRecord.Closed)
            {
                await ReportCloseAsync(campaign, current, now, cancellationToken);
                continue;
            }

            var due = current.Timeline.DueReminders(now, options.Value.ReminderLeadTimes, current.RemindersSent);
            if (due.Count > 0)
            {
                await RemindAsync(campaign, current, due, now, cancellationToken);
            }
        }

        await notices.ReportEndAsync(campaign, now, cancellationToken);
    }

    /// <summary>
    /// A step outside the pipeline opens at its opening instant once what it follows is there — the notice starts on
    /// the published results (a notice started by hand counts), the ledger waits for the notice's end — and closes at
    /// its hard expiry.
    /// </summary>
    private async Task AdvanceOutsidePipelineAsync(CampaignSnapshot campaign, LifecycleStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var t = step.Timeline;
        if (step.OpenedAt is null)
        {
            if (now < t.OpensAt || !await ReadyToOpenAsync(campaign, t, now, cancellationToken)) return;
            if (!await lifecycle.UpdateStepAsync(step, e => e["OpenedAt"] = now, [LifecycleEvents.StepOpened(campaign.Campaign, t, now)], cancellationToken)) return;
            logger.LogInformation("Step {Step} of {Campaign} opened", t.Kind, step.CampaignId);
            step = await ReloadAsync(step, cancellationToken);
        }

        if (now < t.HardExpiry) return;
        if (await lifecycle.UpdateStepAsync(step, e => e["ReportedAt"] = now, [LifecycleEvents.StepEnded(campaign.Campaign, t, now)], cancellationToken))
        {
            logger.LogInformation("Step {Step} of {Campaign} closed", t.Kind, step.CampaignId);
        }
    }

    private async Task<bool> ReadyToOpenAsync(CampaignSnapshot campaign, StepTimeline t, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (t.Kind)
        {
            case ProcedureSteps.PublicNotice:
                if (await lifecycle.GetNoticeAsync(campaign.Campaign.Id, cancellationToken) is not null) return true;
                if (campaign.Publication.Version <= 0) return false; // waits for the results
                await notices.StartScheduledAsync(campaign, t, now, cancellationToken);
                return true;
            case ProcedureSteps.Ledger:
                return await lifecycle.GetNoticeAsync(campaign.Campaign.Id, cancellationToken) is { } notice && notice.Period.EndedAt(now);
            default:
                return true;
        }
    }

    private async Task<LifecycleStep> ReloadAsync(LifecycleStep step, CancellationToken cancellationToken) =>
        (await lifecycle.GetStepsAsync(step.CampaignId, cancellationToken)).Single(s => s.Order == step.Order);

    private async Task RemindAsync(CampaignSnapshot campaign, LifecycleStep step, IReadOnlyList<TimeSpan> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (report, paths) = await missing.BuildAsync(campaign, step.Timeline.Kind, cancellationToken);
        var events = due.SelectMany(lead => report.Select(c => LifecycleEvents.Reminder(campaign.Campaign, step.Timeline, lead, c.Committee,
            paths.GetValueOrDefault(c.Committee, LifecycleEvents.Root), c.Items.Select(i => $"{i.Code} {i.Name}").ToList(), now))).ToList();
        var sent = step.RemindersSent.Concat(due).ToHashSet();
        if (await CommitWithEventsAsync(step, e => e["Reminders"] = LifecycleStore.Reminders(sent), events, cancellationToken))
        {
            logger.LogInformation("Reminded {Committees} committees of step {Step} of {Campaign}", report.Count, step.Timeline.Kind, step.CampaignId);
        }
    }

    private async Task ReportCloseAsync(CampaignSnapshot campaign, LifecycleStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (report, paths) = await missing.BuildAsync(campaign, step.Timeline.Kind, cancellationToken);
        var events = report.Select(c => LifecycleEvents.StepClosed(campaign.Campaign, step.Timeline, c, paths.GetValueOrDefault(c.Committee, LifecycleEvents.Root), now))
            .Append(LifecycleEvents.StepClosedOverall(campaign.Campaign, step.Timeline, report.Sum(c => c.Items.Count), now)).ToList();
        await lifecycle.WriteMissingReportAsync(step.CampaignId, step.Order, report, cancellationToken);
        var total = report.Sum(c => c.Items.Count);
        if (await CommitWithEventsAsync(step, e => { e["ReportedAt"] = now; e["MissingTotal"] = total; e["MissingCommittees"] = report.Count; }, events, cancellationToken))
        {
            logger.LogInformation("Step {Step} of {Campaign} closed with {Missing} missing", step.Timeline.Kind, step.CampaignId, report.Sum(c => c.Items.Count));
        }
    }

    /// <summary>
    /// Writes the events beyond one transaction's room first (stable ids: a chunk already written is skipped), then the
    /// change with the last chunk, so the change is never recorded without all of its events.
    /// </summary>
    private async Task<bool> CommitWithEventsAsync(LifecycleStep step, Action<TableEntity> change, IReadOnlyList<NotificationEvent> events, CancellationToken cancellationToken)
    {
        var chunks = events.Chunk(EventsPerTransaction).ToList();
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            await lifecycle.AddEventsAsync(step.CampaignId, chunks[i], cancellationToken);
        }

        return await lifecycle.UpdateStepAsync(step, change, chunks.Count > 0 ? chunks[^1] : [], cancellationToken);
    }
}

using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Http;
using BranchRating.Functions.Operations;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Lifecycle;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>Step timelines: set, read, closed early or extended by an authorised department (each action recorded).</summary>
public sealed class ScheduleService(
    CampaignStore campaigns, LifecycleStore lifecycle, Publications publications, LifecycleAdvancer advancer, MissingReportBuilder missing, TimeProvider time, IOptions<LifecycleOptions> options)
{
    public const string CloseEarly = "close-early";
    public const string Extend = "extend";

    public async Task<LifecycleResponse> SetAsync(string campaignId, ScheduleRequest request, CancellationToken cancellationToken)
    {
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var steps = request.Steps ?? [];
        if (steps.Count == 0) throw LifecycleProblem.Invalid("steps", "Give the timeline of at least one step.");
        var errors = new List<(string Field, string Reason)>();
        var timelines = new List<(int Order, StepTimeline Timeline)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var path = $"steps[{i}]";
            var pipelineStep = campaign.Steps.FirstOrDefault(p => p.Kind == s.Kind);
            if (pipelineStep is null) { errors.Add(($"{path}.kind", $"The campaign's steps are: {string.Join(", ", campaign.Steps.Select(p => p.Kind))}.")); continue; }
            if (pipelineStep.State == StepRecord.Closed) { errors.Add(($"{path}.kind", $"The '{s.Kind}' step is closed; its timeline can no longer change.")); continue; }
            if (s.OpensAt is null) errors.Add(($"{path}.opensAt", "Required: the instant the step opens, with its offset."));
            if (s.SoftDeadline is null) errors.Add(($"{path}.softDeadline", "Required: the deadline announced, with its offset."));
            if (s.GraceWindow is { } g && g < TimeSpan.Zero) errors.Add(($"{path}.graceWindow", "Must not be negative."));
            if (s.OpensAt is null || s.SoftDeadline is null) continue;
            var timeline = new StepTimeline(s.Kind!, s.OpensAt.Value.ToUniversalTime(), s.SoftDeadline.Value.ToUniversalTime(),
                (s.HardExpiry ?? s.SoftDeadline.Value + (s.GraceWindow ?? TimeSpan.Zero)).ToUniversalTime());
            var timelineErrors = timeline.Errors(path).ToList();
            errors.AddRange(timelineErrors);
            if (timelineErrors.Count == 0) timelines.Add((pipelineStep.Order, timeline));
        }

        if (timelines.Select(t => t.Order).Distinct().Count() != timelines.Count) errors.Add(("steps", "Each step at most once."));
        if (errors.Count > 0) throw new ScheduleInvalid(errors);
        await lifecycle.SetScheduleAsync(campaignId, timelines, cancellationToken);
        return await GetAsync(campaignId, cancellationToken);
    }

    public async Task<LifecycleResponse> GetAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var now = time.GetUtcNow();
        var steps = (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).Select(s =>
        {
            var state = campaign.Steps.FirstOrDefault(p => p.Order == s.Order)?.State ?? "unknown";
            var phase = state == StepRecord.Closed ? "closed" : s.Timeline.PhaseAt(now).ToString().ToLowerInvariant();
            var t = s.Timeline;
            return new StepTimelineResponse(t.Kind, s.Order, state, phase, t.OpensAt, ShanghaiTime.Format(t.OpensAt), t.SoftDeadline, ShanghaiTime.Format(t.SoftDeadline),
                t.HardExpiry, ShanghaiTime.Format(t.HardExpiry), s.OpenedAt, s.RemindersSent.Order().Select(r => r.ToString()).ToList(), s.ReportedAt);
        }).ToList();
        var actions = (await lifecycle.GetActionsAsync(campaignId, cancellationToken))
            .Select(a => new LifecycleActionResponse(a.Kind, a.Step, a.By, a.Reason, a.At, ShanghaiTime.Format(a.At), a.Detail)).ToList();
        var notice = await lifecycle.GetNoticeAsync(campaignId, cancellationToken);
        return new LifecycleResponse(campaignId, steps, actions, notice is null ? null : NoticeService.ToResponse(notice.Period, now));
    }

    public async Task<LifecycleResponse> CloseEarlyAsync(string campaignId, string kind, StepActionRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var reason = LifecycleHttp.Reason(request.Reason);
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var step = PipelineStep(campaign, kind);
        if (step.State == StepRecord.Closed) throw LifecycleProblem.Conflict("step", $"The '{kind}' step is already closed.");
        var (closed, operation) = await publications.CloseAsync(campaign, step, $"closed early by {by}: {reason}", cancellationToken);
        if (!closed) throw LifecycleProblem.Conflict("step", $"The '{kind}' step was closed concurrently.");
        await lifecycle.RecordActionAsync(campaignId, new LifecycleAction(CloseEarly, kind, by, reason, time.GetUtcNow(), operation is null ? null : $"operation {operation.Id}"), cancellationToken);
        await advancer.AdvanceAsync(campaignId, cancellationToken);
        return await GetAsync(campaignId, cancellationToken);
    }

    public async Task<LifecycleResponse> ExtendAsync(string campaignId, string kind, StepActionRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var reason = LifecycleHttp.Reason(request.Reason);
        if (request.SoftDeadline is not { } requested) throw LifecycleProblem.Invalid("softDeadline", "Required: the new deadline, with its offset.");
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var step = PipelineStep(campaign, kind);
        var timeline = (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).FirstOrDefault(s => s.Order == step.Order);
        if (timeline is not null && timeline.Timeline.SoftDeadline == requested.ToUniversalTime()) return await GetAsync(campaignId, cancellationToken); // the same extension again
        if (step.State == StepRecord.Closed) throw LifecycleProblem.Conflict("step", $"The '{kind}' step is closed; it can no longer be extended.");
        if (requested <= time.GetUtcNow()) throw LifecycleProblem.Invalid("softDeadline", $"{ShanghaiTime.Format(requested)} is in the past: an extension moves the deadline into the future.");
        if (requested <= (timeline?.Timeline.SoftDeadline ?? step.Deadline))
        {
            throw LifecycleProblem.Invalid("softDeadline", $"An extension moves the deadline later than {ShanghaiTime.Format(timeline?.Timeline.SoftDeadline ?? step.Deadline)}.");
        }

        if (timeline is null)
        {
            (campaign, step, timeline) = await AdoptPipelineDeadlineAsync(campaign, step, cancellationToken);
        }
        var extended = timeline.Timeline.Extend(requested.ToUniversalTime());
        var action = new LifecycleAction(Extend, kind, by, reason, time.GetUtcNow(),
            $"soft deadline {ShanghaiTime.Format(timeline.Timeline.SoftDeadline)} → {ShanghaiTime.Format(extended.SoftDeadline)}; hard expiry → {ShanghaiTime.Format(extended.HardExpiry)}");
        if (!await lifecycle.ExtendAsync(timeline, extended, step.ETag, action, cancellationToken)) throw LifecycleProblem.Conflict("step", $"The '{kind}' step changed concurrently; read it and try again.");
        return await GetAsync(campaignId, cancellationToken);
    }

    /// <summary>
    /// A step created with a deadline only (no schedule) gets the timeline that deadline implies: open since the previous
    /// step's deadline (or the campaign's creation), due and expiring at the deadline, marked opened (no late event).
    /// </summary>
    private async Task<(CampaignSnapshot, StepRecord, LifecycleStep)> AdoptPipelineDeadlineAsync(CampaignSnapshot campaign, StepRecord step, CancellationToken cancellationToken)
    {
        var previous = campaign.Steps.Where(s => s.Order < step.Order).Select(s => (DateTimeOffset?)s.Deadline).Max() ?? campaign.Campaign.CreatedAt;
        var opensAt = previous < step.Deadline ? previous : step.Deadline.AddSeconds(-1);
        await lifecycle.SetScheduleAsync(campaign.Campaign.Id, [(step.Order, new StepTimeline(step.Kind, opensAt.ToUniversalTime(), step.Deadline.ToUniversalTime(), step.Deadline.ToUniversalTime()))], cancellationToken);
        var stored = (await lifecycle.GetStepsAsync(campaign.Campaign.Id, cancellationToken)).First(s => s.Order == step.Order);
        if (!await lifecycle.UpdateStepAsync(stored, e => e["OpenedAt"] = opensAt.ToUniversalTime(), [], cancellationToken))
        {
            throw LifecycleProblem.Conflict("step", $"The '{step.Kind}' step changed concurrently; read it and try again.");
        }

        var reread = await CampaignAsync(campaign.Campaign.Id, cancellationToken);
        return (reread, PipelineStep(reread, step.Kind), (await lifecycle.GetStepsAsync(campaign.Campaign.Id, cancellationToken)).First(s => s.Order == step.Order));
    }

    public async Task<MissingReportResponse> MissingAsync(string campaignId, string kind, CancellationToken cancellationToken)
    {
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var step = PipelineStep(campaign, kind);
        var stored = (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).FirstOrDefault(s => s.Order == step.Order);
        IReadOnlyList<CommitteeMissing> report;
        DateTimeOffset at;
        bool provisional;
        if (stored is { ReportedAt: { } reportedAt })
        {
            report = (await lifecycle.ReadMissingReportAsync(campaignId, step.Order, cancellationToken)).OrderBy(c => c.Committee, StringComparer.Ordinal).ToList();
            (at, provisional) = (reportedAt, false);
        }
        else
        {
            report = (await missing.BuildAsync(campaign, kind, cancellationToken)).Report;
            (at, provisional) = (time.GetUtcNow(), true);
        }

        return new MissingReportResponse(kind, provisional, at, report.Sum(c => c.Items.Count),
            report.Select(c => new CommitteeMissingResponse(c.Committee, c.Items.Select(i => new MissingItemResponse(i.Code, i.Name, i.Missing, i.Consequence)).ToList())).ToList());
    }

    private async Task<CampaignSnapshot> CampaignAsync(string campaignId, CancellationToken cancellationToken) =>
        await campaigns.GetAsync(campaignId, cancellationToken) ?? throw LifecycleProblem.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");

    private static StepRecord PipelineStep(CampaignSnapshot campaign, string kind) =>
        campaign.Steps.FirstOrDefault(s => s.Kind == kind) ?? throw LifecycleProblem.NotFound("step", $"The campaign's steps are: {string.Join(", ", campaign.Steps.Select(s => s.Kind))}.");
}

/// <summary>Several invalid fields of a schedule at once.</summary>
public sealed class ScheduleInvalid(IReadOnlyList<(string Field, string Reason)> errors) : Exception("The schedule is invalid.")
{
    public IReadOnlyList<(string Field, string Reason)> Errors { get; } = errors;
}

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
        var stored = await lifecycle.GetStepsAsync(campaignId, cancellationToken);
        var noticeStarted = await lifecycle.GetNoticeAsync(campaignId, cancellationToken) is not null;
        var timelines = new List<(int Order, StepTimeline Timeline)>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var path = $"steps[{i}]";
            int order;
            if (ProcedureSteps.StoredOrder(s.Kind) is { } procedureOrder)
            {
                order = procedureOrder;
                if (stored.Any(x => x.Order == order && x.ReportedAt is not null)) { errors.Add(($"{path}.kind", $"The '{s.Kind}' step is closed; its timeline can no longer change.")); continue; }
                if (s.Kind == ProcedureSteps.PublicNotice && noticeStarted) { errors.Add(($"{path}.kind", "The notice has started; its period can no longer change.")); continue; }
            }
            else
            {
                var pipelineStep = campaign.Steps.FirstOrDefault(p => p.Kind == s.Kind);
                if (pipelineStep is null) { errors.Add(($"{path}.kind", $"The campaign's steps are: {string.Join(", ", StepKindsOf(campaign))}.")); continue; }
                if (pipelineStep.State == StepRecord.Closed) { errors.Add(($"{path}.kind", $"The '{s.Kind}' step is closed; its timeline can no longer change.")); continue; }
                order = pipelineStep.Order;
            }

            if (s.OpensAt is null) errors.Add(($"{path}.opensAt", "Required: the instant the step opens, with its offset."));
            if (s.SoftDeadline is null) errors.Add(($"{path}.softDeadline", "Required: the deadline announced, with its offset."));
            if (s.GraceWindow is { } g && g < TimeSpan.Zero) errors.Add(($"{path}.graceWindow", "Must not be negative."));
            if (s.OpensAt is null || s.SoftDeadline is null) continue;
            var timeline = new StepTimeline(s.Kind!, s.OpensAt.Value.ToUniversalTime(), s.SoftDeadline.Value.ToUniversalTime(),
                (s.HardExpiry ?? s.SoftDeadline.Value + (s.GraceWindow ?? TimeSpan.Zero)).ToUniversalTime());
            var timelineErrors = timeline.Errors(path).Concat(ProcedureErrors(timeline, path)).ToList();
            errors.AddRange(timelineErrors);
            if (timelineErrors.Count > 0) continue;
            timelines.Add((order, timeline));
            paths[timeline.Kind] = path;
        }

        if (timelines.Select(t => t.Order).Distinct().Count() != timelines.Count) errors.Add(("steps", "Each step at most once."));
        else errors.AddRange(SequenceErrors(stored.Select(x => x.Timeline).Where(x => timelines.All(t => t.Timeline.Kind != x.Kind)).Concat(timelines.Select(t => t.Timeline)), paths));
        if (errors.Count > 0) throw new ScheduleInvalid(errors);
        await lifecycle.SetScheduleAsync(campaignId, timelines, cancellationToken);
        return await GetAsync(campaignId, cancellationToken);
    }

    /// <summary>The notice lasts at least the minimum and ends at its deadline (no grace window).</summary>
    private IEnumerable<(string Field, string Reason)> ProcedureErrors(StepTimeline t, string path)
    {
        if (t.Kind != ProcedureSteps.PublicNotice) yield break;
        if (t.HardExpiry != t.SoftDeadline) yield return ($"{path}.graceWindow", "The notice ends at its deadline: it has no grace window.");
        if (t.SoftDeadline - t.OpensAt < TimeSpan.FromDays(options.Value.MinNoticeDays)) yield return ($"{path}.softDeadline", $"The notice lasts at least {options.Value.MinNoticeDays} days.");
    }

    /// <summary>
    /// Across the campaign's timelines (stored, overridden by the request): no step opens before the standard is
    /// published, the notice opens after the determination's hard expiry, and the ledger opens once the notice ends.
    /// </summary>
    private static IEnumerable<(string Field, string Reason)> SequenceErrors(IEnumerable<StepTimeline> all, IReadOnlyDictionary<string, string> paths)
    {
        var byKind = all.ToDictionary(t => t.Kind, StringComparer.Ordinal);
        string Path(string kind, string field) => paths.TryGetValue(kind, out var p) ? $"{p}.{field}" : "steps";
        if (byKind.GetValueOrDefault(ProcedureSteps.PublishStandard) is { } standard)
        {
            foreach (var t in byKind.Values.Where(t => t.Kind != standard.Kind && t.OpensAt < standard.OpensAt && (paths.ContainsKey(t.Kind) || paths.ContainsKey(standard.Kind))))
            {
                yield return (Path(paths.ContainsKey(t.Kind) ? t.Kind : standard.Kind, "opensAt"), $"The '{t.Kind}' step cannot open before the standard is published ({ShanghaiTime.Format(standard.OpensAt)}).");
            }
        }

        if (byKind.GetValueOrDefault(ProcedureSteps.PublicNotice) is { } notice && byKind.GetValueOrDefault("determination") is { } determination && notice.OpensAt < determination.HardExpiry)
        {
            yield return (Path(ProcedureSteps.PublicNotice, "opensAt"), $"The notice opens after the results are determined ({ShanghaiTime.Format(determination.HardExpiry)}).");
        }

        if (byKind.GetValueOrDefault(ProcedureSteps.Ledger) is { } ledger && byKind.GetValueOrDefault(ProcedureSteps.PublicNotice) is { } n && ledger.OpensAt < n.SoftDeadline)
        {
            yield return (Path(ProcedureSteps.Ledger, "opensAt"), $"The ledger is registered after the notice ends ({ShanghaiTime.Format(n.SoftDeadline)}).");
        }
    }

    private static IEnumerable<string> StepKindsOf(CampaignSnapshot campaign) =>
        ProcedureSteps.InOrder.Where(k => ProcedureSteps.OutsidePipeline(k) || campaign.Steps.Any(s => s.Kind == k));

    public async Task<LifecycleResponse> GetAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var now = time.GetUtcNow();
        var stored = (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).OrderBy(s => ProcedureSteps.Position(s.Timeline.Kind)).ThenBy(s => s.Order);
        var steps = stored.Select(s =>
        {
            var state = ProcedureSteps.OutsidePipeline(s.Timeline.Kind)
                ? s.ReportedAt is null ? StepRecord.Open : StepRecord.Closed
                : campaign.Steps.FirstOrDefault(p => p.Order == s.Order)?.State ?? "unknown";
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
        if (ProcedureSteps.OutsidePipeline(kind)) return await CloseProcedureStepAsync(campaign, kind, by, reason, cancellationToken);
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
        if (ProcedureSteps.OutsidePipeline(kind)) return await ExtendProcedureStepAsync(campaignId, kind, by, reason, requested.ToUniversalTime(), cancellationToken);
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
    /// Closes a step outside the pipeline early once it has opened: the step is marked closed (<c>step.closed</c>) and,
    /// for the notice, the notice ends now — refused before the minimum notice period (<c>MinNoticeDays</c>) has passed.
    /// </summary>
    private async Task<LifecycleResponse> CloseProcedureStepAsync(CampaignSnapshot campaign, string kind, string by, string reason, CancellationToken cancellationToken)
    {
        var campaignId = campaign.Campaign.Id;
        await advancer.AdvanceAsync(campaignId, cancellationToken); // open what is due first
        var step = await ProcedureStepAsync(campaignId, kind, cancellationToken);
        if (step.ReportedAt is not null) throw LifecycleProblem.Conflict("step", $"The '{kind}' step is already closed.");
        if (step.OpenedAt is null) throw LifecycleProblem.Conflict("step", $"The '{kind}' step has not opened yet (it opens at {ShanghaiTime.Format(step.Timeline.OpensAt)}); change its timeline instead.");
        var now = time.GetUtcNow();
        NoticeRecord? notice = null;
        if (kind == ProcedureSteps.PublicNotice)
        {
            notice = await lifecycle.GetNoticeAsync(campaignId, cancellationToken) ?? throw LifecycleProblem.Conflict("notice", "The notice has not started.");
            var earliest = notice.Period.StartsAt.AddDays(options.Value.MinNoticeDays);
            if (now < earliest)
            {
                throw LifecycleProblem.Conflict("step", $"The notice lasts at least {options.Value.MinNoticeDays} days: it can close from {ShanghaiTime.Format(earliest)}.");
            }

            if (notice.Period.EndedAt(now)) notice = null; // already over: its end stays
        }

        var action = new LifecycleAction(CloseEarly, kind, by, reason, now, notice is null ? null : $"notice end {ShanghaiTime.Format(notice.Period.EndsAt)} → {ShanghaiTime.Format(now)}");
        var evt = LifecycleEvents.StepEnded(campaign.Campaign, step.Timeline, now, $"{kind} closed early by {by}: {reason}");
        if (!await lifecycle.CloseProcedureStepAsync(step, notice, now, action, evt, cancellationToken)) throw LifecycleProblem.Conflict("step", $"The '{kind}' step changed concurrently; read it and try again.");
        await advancer.AdvanceAsync(campaignId, cancellationToken);
        return await GetAsync(campaignId, cancellationToken);
    }

    /// <summary>
    /// Extends a step outside the pipeline (grace window kept); a started notice's end moves with it. The same request
    /// again is a no-op.
    /// </summary>
    private async Task<LifecycleResponse> ExtendProcedureStepAsync(string campaignId, string kind, string by, string reason, DateTimeOffset requested, CancellationToken cancellationToken)
    {
        var step = await ProcedureStepAsync(campaignId, kind, cancellationToken);
        if (step.Timeline.SoftDeadline == requested) return await GetAsync(campaignId, cancellationToken); // the same extension again
        if (step.ReportedAt is not null) throw LifecycleProblem.Conflict("step", $"The '{kind}' step is closed; it can no longer be extended.");
        var now = time.GetUtcNow();
        if (requested <= now) throw LifecycleProblem.Invalid("softDeadline", $"{ShanghaiTime.Format(requested)} is in the past: an extension moves the deadline into the future.");
        var notice = kind == ProcedureSteps.PublicNotice ? await lifecycle.GetNoticeAsync(campaignId, cancellationToken) : null;
        if (notice is not null && notice.Period.EndedAt(now)) throw LifecycleProblem.Conflict("notice", $"The notice ended at {ShanghaiTime.Format(notice.Period.EndsAt)}; it can no longer be extended.");
        var current = notice is not null && notice.Period.EndsAt > step.Timeline.SoftDeadline ? notice.Period.EndsAt : step.Timeline.SoftDeadline;
        if (requested <= current) throw LifecycleProblem.Invalid("softDeadline", $"An extension moves the deadline later than {ShanghaiTime.Format(current)}.");
        var extended = step.Timeline.Extend(requested);
        var action = new LifecycleAction(Extend, kind, by, reason, now,
            $"soft deadline {ShanghaiTime.Format(step.Timeline.SoftDeadline)} → {ShanghaiTime.Format(extended.SoftDeadline)}; hard expiry → {ShanghaiTime.Format(extended.HardExpiry)}"
            + (notice is null ? "" : $"; notice end {ShanghaiTime.Format(notice.Period.EndsAt)} → {ShanghaiTime.Format(extended.SoftDeadline)}"));
        if (!await lifecycle.ExtendProcedureStepAsync(step, extended, notice, action, cancellationToken)) throw LifecycleProblem.Conflict("step", $"The '{kind}' step changed concurrently; read it and try again.");
        return await GetAsync(campaignId, cancellationToken);
    }

    private async Task<LifecycleStep> ProcedureStepAsync(string campaignId, string kind, CancellationToken cancellationToken) =>
        (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).FirstOrDefault(s => s.Timeline.Kind == kind)
        ?? throw LifecycleProblem.NotFound("step", $"The '{kind}' step has no timeline: schedule it first (PUT lifecycle/schedule).");

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

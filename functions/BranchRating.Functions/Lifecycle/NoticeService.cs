using System.Security.Cryptography;
using System.Text;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Http;
using BranchRating.Functions.Scoring;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Lifecycle;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// The public notice (公示) of the published results: its period, objections raised with the notice token, the
/// superior's decisions, the department's final determinations, and each organization's status and level.
/// </summary>
public sealed class NoticeService(
    CampaignStore campaigns, LifecycleStore lifecycle, PublishedResultReader results, RosterStore roster, RatingAdapter rating, ReRatingPublisher reRating, TimeProvider time,
    IOptions<LifecycleOptions> options)
{
    public const int MaxObjectionChars = 2000;
    public const int MaxEvidenceChars = 500;

    public async Task<CampaignSnapshot> CampaignAsync(string campaignId, CancellationToken cancellationToken) =>
        await campaigns.GetAsync(campaignId, cancellationToken) ?? throw LifecycleProblem.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");

    public async Task<NoticeResponse> StartAsync(string campaignId, StartNoticeRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var days = request.Days ?? options.Value.NoticeDays;
        if (days < options.Value.MinNoticeDays) throw LifecycleProblem.Invalid("days", $"The notice lasts at least {options.Value.MinNoticeDays} days.");
        if (campaign.Publication.Version <= 0) throw LifecycleProblem.Conflict("campaignId", "No results are published yet: close the final step first.");
        if (await lifecycle.GetNoticeAsync(campaignId, cancellationToken) is not null) throw LifecycleProblem.Conflict("notice", "The notice of this campaign has already started.");

        var now = time.GetUtcNow();
        var period = new NoticePeriod(campaign.Publication.Version, now, now.AddDays(days));
        var token = BallotStore.NewToken();
        var evt = LifecycleEvents.Make(campaign.Campaign, $"{campaignId}.notice.{period.Version}.started", NotificationEventTypes.NoticeStarted, null, now, LifecycleEvents.Root,
            new() { Deadline = period.EndsAt, Detail = $"公示 {days} 天" });
        if (!await lifecycle.StartNoticeAsync(campaignId, period, BallotStore.HashToken(campaignId, token), by, evt, cancellationToken))
        {
            throw LifecycleProblem.Conflict("notice", "The notice of this campaign has already started.");
        }

        return ToResponse(period, now, token);
    }

    /// <summary>
    /// The scheduled public-notice step opens: the notice starts on the published version and ends at the step's
    /// deadline (never sooner than the minimum after now). Nobody receives the response, so the token is carried by the
    /// <c>notice.started</c> event to the subscribed departments, who post it with the notice. False when already started.
    /// </summary>
    public async Task<bool> StartScheduledAsync(CampaignSnapshot campaign, StepTimeline step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = campaign.Campaign.Id;
        var ends = step.SoftDeadline > now.AddDays(options.Value.MinNoticeDays) ? step.SoftDeadline : now.AddDays(options.Value.MinNoticeDays);
        var period = new NoticePeriod(campaign.Publication.Version, now, ends);
        var token = BallotStore.NewToken();
        var evt = LifecycleEvents.Make(campaign.Campaign, $"{id}.notice.{period.Version}.started", NotificationEventTypes.NoticeStarted, null, now, LifecycleEvents.Root,
            new() { Deadline = period.EndsAt, StepName = step.Kind, Detail = $"公示至 {ShanghaiTime.Format(period.EndsAt)}; noticeToken {token}" });
        return await lifecycle.StartNoticeAsync(id, period, BallotStore.HashToken(id, token), ScheduledBy, evt, cancellationToken);
    }

    /// <summary>Who started a notice opened by the schedule.</summary>
    public const string ScheduledBy = "schedule";

    public static NoticeResponse ToResponse(NoticePeriod p, DateTimeOffset now, string? token = null) =>
        new(p.Version, p.StartsAt, ShanghaiTime.Format(p.StartsAt), p.EndsAt, ShanghaiTime.Format(p.EndsAt), p.EndedAt(now), token);

    /// <summary>Once the period has ended: one event listing the organizations still under review.</summary>
    public async Task ReportEndAsync(CampaignSnapshot campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notice = await lifecycle.GetNoticeAsync(campaign.Campaign.Id, cancellationToken);
        if (notice is null || notice.EndReportedAt is not null || !notice.Period.EndedAt(now)) return;
        var open = (await lifecycle.GetObjectionsAsync(campaign.Campaign.Id, cancellationToken)).Where(o => o.State == ObjectionStates.Open).Select(o => o.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        var evt = LifecycleEvents.Make(campaign.Campaign, $"{campaign.Campaign.Id}.notice.{notice.Period.Version}.ended", NotificationEventTypes.NoticeEnded, null, now, LifecycleEvents.Root,
            new() { Items = open, Detail = open.Count == 0 ? "no open objection: results final" : $"{open.Count} still under review" });
        await lifecycle.MarkNoticeEndedAsync(notice, now, evt, cancellationToken);
    }

    public async Task<(ObjectionResponse Objection, bool Created)> RaiseAsync(string campaignId, ObjectionRequest request, CancellationToken cancellationToken)
    {
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var notice = await lifecycle.GetNoticeAsync(campaignId, cancellationToken) ?? throw LifecycleProblem.Conflict("notice", "The results are not under public notice.");
        if (string.IsNullOrEmpty(request.NoticeToken)) throw LifecycleProblem.Invalid("noticeToken", "The notice token published with the notice is required.");
        var given = Encoding.UTF8.GetBytes(BallotStore.HashToken(campaignId, request.NoticeToken));
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(notice.TokenHash))) throw LifecycleProblem.Forbidden("noticeToken", "The notice token is not the one of this campaign's notice.");
        if (string.IsNullOrWhiteSpace(request.OrganizationCode)) throw LifecycleProblem.Invalid("organizationCode", "Name the organization whose result is objected to.");
        if (string.IsNullOrWhiteSpace(request.Text)) throw LifecycleProblem.Invalid("text", "Say what is objected to.");
        if (request.Text.Length > MaxObjectionChars) throw LifecycleProblem.Invalid("text", $"At most {MaxObjectionChars} characters.");
        if (request.Evidence is { Length: > MaxEvidenceChars }) throw LifecycleProblem.Invalid("evidence", $"At most {MaxEvidenceChars} characters (a reference, not the evidence itself).");
        var now = time.GetUtcNow();
        if (notice.Period.EndedAt(now)) throw LifecycleProblem.Conflict("notice", $"The notice ended at {ShanghaiTime.Format(notice.Period.EndsAt)}; objections are no longer accepted.");
        var code = request.OrganizationCode.Trim();
        var organization = await roster.GetAsync(campaignId, campaign.Campaign.Buckets, code, cancellationToken)
            ?? throw LifecycleProblem.NotFound("organizationCode", $"Organization '{code}' is not on the roster of campaign '{campaignId}'.");

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{code}\n{request.Text.Trim()}\n{request.Evidence?.Trim()}")))[..20];
        var record = new ObjectionRecord(campaignId, id, code, request.Text.Trim(), request.Evidence?.Trim(), now, ObjectionStates.Open, null, null, null, null, null, null, default);
        var evt = LifecycleEvents.Make(campaign.Campaign, $"{campaignId}.objection.{id}", NotificationEventTypes.ObjectionRaised, code, now, LifecycleEvents.ParentPathOf(organization.Path),
            new() { OrganizationId = code, OrganizationName = organization.Name, Detail = record.Text });
        var created = await lifecycle.AddObjectionAsync(record, evt, cancellationToken);
        var stored = (await lifecycle.GetObjectionsAsync(campaignId, cancellationToken)).Single(o => o.Id == id);
        return (ToResponse(stored), created);
    }

    public async Task<ObjectionResponse> DecideAsync(string campaignId, string objectionId, ObjectionDecisionRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var reason = LifecycleHttp.Reason(request.Reason);
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var objections = await lifecycle.GetObjectionsAsync(campaignId, cancellationToken);
        var objection = objections.FirstOrDefault(o => o.Id == objectionId) ?? throw LifecycleProblem.NotFound("objectionId", $"Objection '{objectionId}' does not exist.");
        var levels = rating.Scheme(campaign.Campaign.SchemeJson).Levels;
        if (request.Outcome is not (ObjectionStates.Upheld or ObjectionStates.Dismissed)) throw LifecycleProblem.Invalid("outcome", "Either 'upheld' or 'dismissed'.");
        if (objection.State != ObjectionStates.Open)
        {
            if (objection.State != request.Outcome) throw LifecycleProblem.Conflict("outcome", $"The objection was already {objection.State}.");
            // The same decision again: publish the re-rating if the first attempt stopped before it.
            if (objection.State == ObjectionStates.Upheld && campaign.Publication.PublishedAt < objection.DecidedAt) await PublishReRatingAsync(campaign, cancellationToken);
            return ToResponse(objection);
        }

        var view = await ResultAsync(campaign, objection.Code, cancellationToken);
        var now = time.GetUtcNow();
        ObjectionRecord decided;
        var events = new List<NotificationEvent>();
        if (request.Outcome == ObjectionStates.Upheld)
        {
            if (request.LevelOrdinal is not { } to || levels.All(l => l.Ordinal != to))
            {
                throw LifecycleProblem.Invalid("levelOrdinal", $"An upheld objection re-rates the organization: give its new level ({string.Join(", ", levels.Select(l => $"{l.Ordinal} {l.Label}"))}).");
            }

            decided = objection with { State = ObjectionStates.Upheld, DecisionReason = reason, ReasonCode = string.IsNullOrWhiteSpace(request.ReasonCode) ? "objection-upheld" : request.ReasonCode.Trim(), FromLevel = view.LevelOrdinal, ToLevel = to, DecidedBy = by, DecidedAt = now };
            if (to < view.LevelOrdinal)
            {
                events.Add(LifecycleEvents.Make(campaign.Campaign, $"{campaignId}.objection.{objection.Id}.star-lost", NotificationEventTypes.StarLost, objection.Code, now, LifecycleEvents.Root,
                    new() { OrganizationId = objection.Code, OrganizationName = view.Name, Detail = $"{view.Level} → {Label(levels, to)}: {reason}" }));
            }
        }
        else
        {
            decided = objection with { State = ObjectionStates.Dismissed, DecisionReason = reason, DecidedBy = by, DecidedAt = now };
        }

        if (!await lifecycle.DecideObjectionAsync(decided, events, cancellationToken)) throw LifecycleProblem.Conflict("outcome", "The objection was decided concurrently.");
        if (decided.State == ObjectionStates.Upheld) await PublishReRatingAsync(campaign, cancellationToken);
        return ToResponse(decided);
    }

    /// <summary>An upheld objection's new level is published as a new version (the notice's version with every upheld objection applied).</summary>
    private async Task PublishReRatingAsync(CampaignSnapshot campaign, CancellationToken cancellationToken)
    {
        if (await lifecycle.GetNoticeAsync(campaign.Campaign.Id, cancellationToken) is { } notice)
        {
            await reRating.PublishAsync(campaign, notice.Period.Version, cancellationToken);
        }
    }

    /// <summary>
    /// The department confirms or adjusts a result under notice. An adjustment (or replacing one) publishes a new version
    /// through <see cref="ReRatingPublisher"/>; the same determination again publishes nothing new (unless the first
    /// attempt stopped before publishing).
    /// </summary>
    public async Task<LifecycleResultResponse> DetermineAsync(string campaignId, string code, DeterminationRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var reason = LifecycleHttp.Reason(request.Reason);
        var campaign = await CampaignAsync(campaignId, cancellationToken);
        var levels = rating.Scheme(campaign.Campaign.SchemeJson).Levels;
        var view = await ResultAsync(campaign, code, cancellationToken);
        var from = view.Changes.Where(c => c.ReasonCode != ReRating.DeterminationReasonCode).Select(c => c.To).LastOrDefault(view.PublishedLevelOrdinal);
        int to;
        switch (request.Action)
        {
            case DeterminationActions.Confirm:
                to = from; // the level without any earlier adjustment
                break;
            case DeterminationActions.Adjust when request.LevelOrdinal is { } l && levels.Any(x => x.Ordinal == l):
                to = l;
                break;
            case DeterminationActions.Adjust:
                throw LifecycleProblem.Invalid("levelOrdinal", $"An adjustment gives the level ({string.Join(", ", levels.Select(l => $"{l.Ordinal} {l.Label}"))}).");
            default:
                throw LifecycleProblem.Invalid("action", "Either 'confirm' or 'adjust'.");
        }

        var notice = await lifecycle.GetNoticeAsync(campaignId, cancellationToken);
        if (request.Action == DeterminationActions.Adjust && notice is null)
        {
            throw LifecycleProblem.Conflict("notice", "A final adjustment changes a result under public notice: start the notice first.");
        }

        var previous = (await lifecycle.GetDeterminationsAsync(campaignId, cancellationToken)).FirstOrDefault(d => d.Code == view.Code);
        if (previous is not null && previous.Action == request.Action && previous.Reason == reason && previous.By == by && (request.Action == DeterminationActions.Confirm || previous.ToLevel == to))
        {
            // The same determination again: publish if the first attempt stopped before it, otherwise nothing new.
            if (notice is not null && previous.Action == DeterminationActions.Adjust && campaign.Publication.PublishedAt < previous.At) await reRating.PublishAsync(campaign, notice.Period.Version, cancellationToken);
            return view;
        }

        await lifecycle.SetDeterminationAsync(new DeterminationRecord(campaignId, view.Code, request.Action, from, to, reason, by, time.GetUtcNow()), cancellationToken);
        if (notice is not null && (request.Action == DeterminationActions.Adjust || previous?.Action == DeterminationActions.Adjust))
        {
            await reRating.PublishAsync(campaign, notice.Period.Version, cancellationToken);
        }

        return await ResultAsync(campaign, code, cancellationToken);
    }

    public async Task<LifecycleResultResponse> ResultAsync(CampaignSnapshot campaign, string code, CancellationToken cancellationToken) =>
        (await ResultsAsync(campaign, code, cancellationToken)).Items.FirstOrDefault()
        ?? throw LifecycleProblem.NotFound("code", $"Organization '{code}' has no published result in campaign '{campaign.Campaign.Id}'.");

    /// <summary>Every organization's result through the notice (or only <paramref name="onlyCode"/>), in code order.</summary>
    public async Task<LifecycleResultListResponse> ResultsAsync(CampaignSnapshot campaign, string? onlyCode, CancellationToken cancellationToken)
    {
        var id = campaign.Campaign.Id;
        var version = (await lifecycle.GetNoticeAsync(id, cancellationToken))?.Period.Version ?? campaign.Publication.Version;
        if (version <= 0) throw LifecycleProblem.Conflict("campaignId", "No results are published yet.");
        var notice = await lifecycle.GetNoticeAsync(id, cancellationToken);
        var levels = rating.Scheme(campaign.Campaign.SchemeJson).Levels;
        var objections = (await lifecycle.GetObjectionsAsync(id, cancellationToken)).ToLookup(o => o.Code, StringComparer.Ordinal);
        var determinations = (await lifecycle.GetDeterminationsAsync(id, cancellationToken)).ToDictionary(d => d.Code, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var items = new List<LifecycleResultResponse>();
        // One organization is a point read (the dashboard's organization page), not a read of the whole version.
        var published = onlyCode is null
            ? await results.ListAsync(id, version, campaign.Campaign.Buckets, cancellationToken)
            : await results.GetAsync(id, version, campaign.Campaign.Buckets, onlyCode, cancellationToken) is { } one ? [one] : [];
        foreach (var r in published)
        {
            var changes = objections[r.Code].Where(o => o.State == ObjectionStates.Upheld)
                .Select(o => new LevelChangeResponse(o.FromLevel ?? r.LevelOrdinal, Label(levels, o.FromLevel ?? r.LevelOrdinal), o.ToLevel ?? r.LevelOrdinal, Label(levels, o.ToLevel ?? r.LevelOrdinal),
                    o.ReasonCode ?? "objection-upheld", o.DecisionReason ?? "", o.DecidedBy ?? "", o.DecidedAt ?? o.RaisedAt)).ToList();
            var determination = determinations.GetValueOrDefault(r.Code);
            if (determination is { Action: DeterminationActions.Adjust })
            {
                changes.Add(new LevelChangeResponse(determination.FromLevel, Label(levels, determination.FromLevel), determination.ToLevel, Label(levels, determination.ToLevel),
                    ReRating.DeterminationReasonCode, determination.Reason, determination.By, determination.At));
            }

            changes = changes.OrderBy(c => c.At).ToList();
            var level = changes.Count > 0 ? changes[^1].To : r.LevelOrdinal;
            var status = Finality.StatusOf(notice?.Period, now, objections[r.Code].Select(o => o.State));
            items.Add(new LifecycleResultResponse(r.Code, r.Name, r.Region, r.Field, r.LevelOrdinal, r.Level, level, Label(levels, level), status,
                determination?.Action, status == Finality.Final ? options.Value.FiledUpwardTo(level) : null, changes, objections[r.Code].Select(ToResponse).ToList()));
        }

        return new LifecycleResultListResponse(id, version, items);
    }

    public static ObjectionResponse ToResponse(ObjectionRecord o) =>
        new(o.Id, o.Code, o.Text, o.Evidence, o.RaisedAt, o.State, o.DecisionReason, o.ReasonCode, o.FromLevel, o.ToLevel, o.DecidedBy, o.DecidedAt);

    private static string Label(IReadOnlyList<BranchRating.Domain.Level> levels, int ordinal) => levels.FirstOrDefault(l => l.Ordinal == ordinal)?.Label ?? ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

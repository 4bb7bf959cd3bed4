namespace BranchRating.Contracts.Lifecycle;

/// <summary>v1: the timeline of each step (instants with an offset, e.g. <c>2026-06-01T08:00:00+08:00</c>).</summary>
public sealed record ScheduleRequest
{
    public IReadOnlyList<StepTimelineRequest>? Steps { get; init; }
}

/// <summary>One step: <see cref="HardExpiry"/> defaults to <see cref="SoftDeadline"/> plus <see cref="GraceWindow"/> (default none).</summary>
public sealed record StepTimelineRequest(string? Kind, DateTimeOffset? OpensAt, DateTimeOffset? SoftDeadline, DateTimeOffset? HardExpiry = null, TimeSpan? GraceWindow = null);

public sealed record StepTimelineResponse(
    string Kind, int Order, string State, string Phase,
    DateTimeOffset OpensAt, string OpensShanghai,
    DateTimeOffset SoftDeadline, string SoftDeadlineShanghai,
    DateTimeOffset HardExpiry, string HardExpiryShanghai,
    DateTimeOffset? OpenedAt, IReadOnlyList<string> RemindersSent, DateTimeOffset? ReportedAt);

public sealed record LifecycleActionResponse(string Kind, string Step, string By, string Reason, DateTimeOffset At, string AtShanghai, string? Detail);

public sealed record LifecycleResponse(string CampaignId, IReadOnlyList<StepTimelineResponse> Steps, IReadOnlyList<LifecycleActionResponse> Actions, NoticeResponse? Notice);

/// <summary>A department's action on a step: who, why, and for an extension the new soft deadline.</summary>
public sealed record StepActionRequest(string? By, string? Reason, DateTimeOffset? SoftDeadline = null);

public sealed record MissingItemResponse(string Code, string Name, string Missing, string Consequence);

public sealed record CommitteeMissingResponse(string Committee, IReadOnlyList<MissingItemResponse> Items);

/// <summary>What is missing for a step, per reviewing committee; <see cref="Provisional"/> while the step is still open.</summary>
public sealed record MissingReportResponse(string Step, bool Provisional, DateTimeOffset ComputedAt, int Total, IReadOnlyList<CommitteeMissingResponse> Committees);

public sealed record StartNoticeRequest(string? By, int? Days = null);

/// <summary>The notice period; <see cref="NoticeToken"/> is returned once, when the notice starts (to be posted with the notice).</summary>
public sealed record NoticeResponse(long Version, DateTimeOffset StartsAt, string StartsShanghai, DateTimeOffset EndsAt, string EndsShanghai, bool Ended, string? NoticeToken = null);

/// <summary>The notice (null before it starts) and every objection raised, newest first (the dashboard's notice list).</summary>
public sealed record ObjectionListResponse(string CampaignId, NoticeResponse? Notice, IReadOnlyList<ObjectionResponse> Items);

public sealed record ObjectionRequest(string? NoticeToken, string? OrganizationCode, string? Text, string? Evidence = null);

public sealed record ObjectionResponse(
    string Id, string OrganizationCode, string Text, string? Evidence, DateTimeOffset RaisedAt, string State,
    string? DecisionReason, string? ReasonCode, int? FromLevel, int? ToLevel, string? DecidedBy, DateTimeOffset? DecidedAt);

/// <summary>The superior's decision: <c>upheld</c> (with the new level and a reason code) or <c>dismissed</c> (with the reason).</summary>
public sealed record ObjectionDecisionRequest(string? By, string? Outcome, string? Reason, int? LevelOrdinal = null, string? ReasonCode = null);

/// <summary>The organization department's final determination: <c>confirm</c> or <c>adjust</c> (with the level), always with a reason.</summary>
public sealed record DeterminationRequest(string? By, string? Action, string? Reason, int? LevelOrdinal = null);

public sealed record LevelChangeResponse(int From, string FromLabel, int To, string ToLabel, string ReasonCode, string Reason, string By, DateTimeOffset At);

/// <summary>An organization's result through the notice: published level, changes, status (under-notice, under-review, final), filing upward.</summary>
public sealed record LifecycleResultResponse(
    string Code, string Name, string Region, string Field, int PublishedLevelOrdinal, string PublishedLevel, int LevelOrdinal, string Level,
    string Status, string? Determination, string? FiledUpwardTo, IReadOnlyList<LevelChangeResponse> Changes, IReadOnlyList<ObjectionResponse> Objections);

public sealed record LifecycleResultListResponse(string CampaignId, long Version, IReadOnlyList<LifecycleResultResponse> Items);

/// <summary>Registers a campaign as a round of a series; earlier rounds' vetoes still barring are carried into it.</summary>
public sealed record RegisterRoundRequest(string? CampaignId, string? By);

public sealed record CarriedVetoResponse(string OrganizationCode, string Type, DateOnly Date, string FromCampaign);

public sealed record RoundResponse(string SeriesId, int Year, int Round, string CampaignId, IReadOnlyList<CarriedVetoResponse> CarriedVetoes);

public sealed record HistoryEntryResponse(int Year, int Round, string CampaignId, int LevelOrdinal, string Level, int? Change, string? ChangeText, bool BottomRank);

/// <summary>An organization's ratings across the rounds and campaigns of a series, with the flags of dynamic management.</summary>
public sealed record HistoryResponse(
    string SeriesId, string OrganizationCode, IReadOnlyList<HistoryEntryResponse> Rounds, int ConsecutiveBottomRounds, int YearsWithoutStar, bool SecretaryReplacementFlag,
    IReadOnlyList<CarriedVetoResponse> VetoBars,
    IReadOnlyList<YearAbsencesResponse> Absences);

/// <summary>
/// Unexcused absences over all rounds of a year against the scheme's year-end lowering threshold (e.g. ≥ 3 → one star
/// lower); <see cref="Applied"/> when the year's last published result carries the lowering (within the round or by the year-end pass).
/// </summary>
public sealed record YearAbsencesResponse(int Year, int Absences, int? Threshold, bool YearEndLowering, string? Rule, bool Applied = false);

/// <summary>The year-end pass on a round (the year's last): absences summed over the year's rounds lower its results per the scheme's rule.</summary>
public sealed record YearEndRequest(string? By);

public sealed record YearEndLoweredResponse(string OrganizationCode, int Absences, int FromLevel, int ToLevel, string Rule, string Reason);

/// <summary>The organizations lowered and the version that publishes them (null when none was lowered).</summary>
public sealed record YearEndResponse(string SeriesId, int Year, int Round, string CampaignId, long? Version, IReadOnlyList<YearEndLoweredResponse> Lowered);

public sealed record RoundFiguresResponse(
    string Scope, int Compared, int Advanced, decimal? AdvancedImprovementRate, int Average, decimal? AverageUpgradeRate, int Lagging, decimal? LaggingConversionRate, decimal? RoseShare);

/// <summary>§6.10 figures of a round against the round before it, per region and overall.</summary>
public sealed record FiguresResponse(string SeriesId, int Year, int Round, string CampaignId, string? ComparedWithCampaignId, RoundFiguresResponse Overall, IReadOnlyList<RoundFiguresResponse> Regions);

/// <summary>A ledger (台账) line: region, field, level from 5★ down.</summary>
public sealed record LedgerRow(string Region, string Field, string Code, string Name, int LevelOrdinal, string Level, decimal FinalTotal, string Status, string? FiledUpwardTo);

/// <summary>
/// Issues rectification notices to every organization the scheme sends to rectification (its bottom share of the
/// lowest levels) and every downgraded one (by an objection or determination, or against the previous round of
/// <see cref="SeriesId"/>): a deadline and, per organization, the problems found (default: the reasons).
/// </summary>
public sealed record IssueRectificationsRequest(string? By, DateTimeOffset? Deadline, string? SeriesId = null, IReadOnlyDictionary<string, string>? Problems = null);

public sealed record CloseRectificationRequest(string? By, string? Note);

public sealed record RectificationResponse(
    string OrganizationCode, string Name, IReadOnlyList<string> Reasons, string Problems, DateTimeOffset Deadline, string DeadlineShanghai, string IssuedBy, DateTimeOffset IssuedAt,
    string? ClosedBy, DateTimeOffset? ClosedAt, string? ClosureNote, bool Overdue);

using Azure;
using BranchRating.Domain.Lifecycle;

namespace BranchRating.Storage.Lifecycle;

/// <summary>A step's lifecycle state beside the pipeline's step row: its timeline, opening, reminders sent, when its missing report was written and its total.</summary>
public sealed record LifecycleStep(
    string CampaignId,
    int Order,
    StepTimeline Timeline,
    DateTimeOffset? OpenedAt,
    IReadOnlySet<TimeSpan> RemindersSent,
    DateTimeOffset? ReportedAt,
    int? MissingTotal,
    ETag ETag);

/// <summary>A department's action on a step (early close, extension), with who, when and why.</summary>
public sealed record LifecycleAction(string Kind, string Step, string By, string Reason, DateTimeOffset At, string? Detail);

/// <summary>The public notice of a published version: its period and the hash of the notice token.</summary>
public sealed record NoticeRecord(string CampaignId, NoticePeriod Period, string TokenHash, string StartedBy, DateTimeOffset? EndReportedAt, ETag ETag);

/// <summary>An objection raised during the notice and, once decided, its outcome.</summary>
public sealed record ObjectionRecord(
    string CampaignId,
    string Id,
    string Code,
    string Text,
    string? Evidence,
    DateTimeOffset RaisedAt,
    string State,
    string? DecisionReason,
    string? ReasonCode,
    int? FromLevel,
    int? ToLevel,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    ETag ETag);

/// <summary>The organization department's final determination of one organization: confirmed or adjusted.</summary>
public sealed record DeterminationRecord(string CampaignId, string Code, string Action, int FromLevel, int ToLevel, string Reason, string By, DateTimeOffset At);

/// <summary>A rectification notice (限期整改通知书): why, the problems found, the deadline, and its recorded closure.</summary>
public sealed record RectificationRecord(
    string CampaignId, string Code, string Name, IReadOnlyList<string> Reasons, string Problems, DateTimeOffset Deadline, string IssuedBy, DateTimeOffset IssuedAt,
    string? ClosedBy, DateTimeOffset? ClosedAt, string? ClosureNote, ETag ETag);

using Azure;
using BranchRating.Storage.Results;

namespace BranchRating.Storage.Campaigns;

/// <summary>
/// A stored campaign: its scheme JSON as uploaded or shipped, how many partition buckets it uses, and
/// <see cref="OwnerScope"/>, the organization path of the department that owns it (e.g. <c>/ROOT/C01/X12</c>, a
/// county's organization department); null for campaigns created before owners were stored (they belong to the roster root).
/// <see cref="BallotKey"/> signs its ballot tokens (<see cref="Submissions.BallotTokens"/>); null for campaigns created before
/// signed tokens, whose tokens are checked against their stored rows.
/// </summary>
public sealed record CampaignRecord(
    string Id,
    string Name,
    string SchemeId,
    string SchemeVersion,
    string SchemeName,
    string SchemeJson,
    int Buckets,
    DateTimeOffset CreatedAt,
    string? OwnerScope = null,
    byte[]? BallotKey = null);

/// <summary>
/// A step with its deadline as a UTC instant; <see cref="ETag"/> guards the close (exactly once). <see cref="OpensAt"/>
/// is set by the lifecycle schedule: before it the step accepts nothing yet.
/// </summary>
public sealed record StepRecord(
    string CampaignId,
    int Order,
    string Kind,
    bool Final,
    DateTimeOffset Deadline,
    string State,
    DateTimeOffset? ClosedAt,
    ETag ETag,
    DateTimeOffset? OpensAt = null)
{
    public const string Open = "open";
    public const string Closed = "closed";

    public bool IsOpenAt(DateTimeOffset now) => State == Open && now < Deadline && !NotYetOpenAt(now);

    /// <summary>True before the scheduled opening instant (a step without a schedule is open from its creation).</summary>
    public bool NotYetOpenAt(DateTimeOffset now) => OpensAt is { } opens && now < opens;
}

/// <summary>The pointer readers follow to the published version; flipped with an ETag-conditional update.</summary>
public sealed record PublicationPointer(string CampaignId, long Version, DateTimeOffset? PublishedAt, string? OperationId, ETag ETag, PublishedAuditHead? AuditHead = null);

/// <summary>The campaign's audit chain head (last record's sequence and hash) when a version was published: its anchor.</summary>
public sealed record PublishedAuditHead(long Sequence, string Hash);

/// <summary>A published version and the audit head it anchored.</summary>
public sealed record PublicationAnchor(long Version, DateTimeOffset? PublishedAt, PublishedAuditHead AuditHead);

/// <summary>
/// A version written ahead of the final close and not yet published: <see cref="Basis"/> fingerprints what it was
/// computed from (every bucket's scoring mark, the scheme, the scopes), so the final close publishes it only when
/// nothing it read has changed since.
/// </summary>
public sealed record PreparedPublication(long Version, string Basis, PublicationSummary Summary, DateTimeOffset PreparedAt);

public sealed record CampaignSnapshot(CampaignRecord Campaign, IReadOnlyList<StepRecord> Steps, PublicationPointer Publication)
{
    /// <summary>True once the final step has closed (its publication is started or done).</summary>
    public bool FinalStepClosed => Steps.Any(s => s.Final && s.State == StepRecord.Closed);
}

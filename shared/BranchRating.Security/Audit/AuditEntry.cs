namespace BranchRating.Security.Audit;

/// <summary>
/// One change to record: who (the token's subject), in which role (the grant that allowed it, e.g.
/// <c>reviewer@/P01/C03</c>), at which step, on which entity, the state before and after (JSON, null when created or
/// deleted) and why. The time is taken from the trail's clock when appended.
/// </summary>
public sealed record AuditEntry(
    string Who,
    string Role,
    string Step,
    string Entity,
    string? BeforeJson,
    string? AfterJson,
    string Reason);

/// <summary>A stored record: the entry, its place in the chain, its UTC instant, the previous record's hash and its own.</summary>
public sealed record AuditRecord(
    string Chain,
    long Sequence,
    string At,
    AuditEntry Entry,
    string PreviousHash,
    string Hash);

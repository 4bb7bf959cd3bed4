namespace BranchRating.Security.Audit;

public enum AuditProblemKind
{
    /// <summary>The record's content no longer matches its hash.</summary>
    Edited,

    /// <summary>A record (or the chain's tail) is missing.</summary>
    Removed,

    /// <summary>A record was re-hashed after editing, or the head moved: the next link no longer matches.</summary>
    Rewritten,

    /// <summary>The chain verifies on its own, but a record's hash differs from the head published (anchored) with a result version: history was recomputed.</summary>
    AnchorMismatch,
}

/// <summary>A chain head published outside the chain (e.g. with result version 3): record <see cref="Sequence"/> had <see cref="Hash"/>.</summary>
public sealed record AuditAnchor(long Sequence, string Hash, string Label);

/// <summary>The first place the chain is broken: the record's sequence number, what happened, in words.</summary>
public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Detail);

/// <summary>The outcome of walking a chain: how many records verified before the first problem, and the head hash when intact.</summary>
public sealed record AuditVerification(bool IsIntact, long VerifiedRecords, string? HeadHash, AuditProblem? FirstProblem)
{
    public static AuditVerification Intact(long records, string headHash) => new(true, records, headHash, null);

    public static AuditVerification Broken(long verified, AuditProblem problem) => new(false, verified, null, problem);
}

namespace BranchRating.Security.Audit;

/// <summary>Audit trail settings, bound from configuration section <c>Audit</c>.</summary>
public sealed class AuditTrailOptions
{
    public const string SectionName = "Audit";

    /// <summary>How often an append retries after another process extended the chain first.</summary>
    public int MaxAppendAttempts { get; set; } = 50;

    /// <summary>Longest before/after JSON kept in a record (a table string property holds 32 K characters).</summary>
    public int MaxStateLength { get; set; } = 30_000;

    /// <summary>Longest reason text.</summary>
    public int MaxReasonLength { get; set; } = 2_000;
}

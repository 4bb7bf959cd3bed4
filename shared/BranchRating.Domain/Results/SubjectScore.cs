namespace BranchRating.Domain.Results;

/// <summary>
/// The outcome of steps (a)–(d) for one subject: everything that does not depend on other subjects. Plain and
/// serializable, so it can be stored between scoring and ranking.
/// </summary>
public sealed record SubjectScore
{
    public required string SchemeId { get; init; }
    public required string SchemeVersion { get; init; }
    public required string Code { get; init; }
    public IReadOnlyDictionary<string, string> Scopes { get; init; } = new Dictionary<string, string>();
    public required Totals Totals { get; init; }

    /// <summary>The level the band (or the star count) gave.</summary>
    public required Level BandLevel { get; init; }

    /// <summary>The level after lowerings, caps and vetoes (before quotas).</summary>
    public required Level Level { get; init; }

    /// <summary>The self group's proposed level (highest proposed when several raters), for the discrepancy flag.</summary>
    public int? SelfProposedLevel { get; init; }

    /// <summary>The self group's total, for the discrepancy flag.</summary>
    public decimal? SelfTotal { get; init; }

    public required Explanation Explanation { get; init; }
    public IReadOnlyList<LevelChange> LevelChanges { get; init; } = [];

    /// <summary>insufficient-participation:&lt;ballot&gt;, insufficient-raters:&lt;group&gt;, renormalized-weights, vetoed …</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
}

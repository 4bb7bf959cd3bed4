namespace BranchRating.Domain.Results;

/// <summary>Why a subject got its totals and band: every input and every computed number, in scheme order.</summary>
public sealed record Explanation
{
    /// <summary>One line per indicator of the scheme, in scheme order.</summary>
    public IReadOnlyList<IndicatorLine> Indicators { get; init; } = [];

    /// <summary>One line per rater group of the scheme, in scheme order.</summary>
    public IReadOnlyList<GroupLine> Groups { get; init; } = [];

    /// <summary>One line per ballot of the scheme, in scheme order (null rate when the input had none).</summary>
    public IReadOnlyList<BallotLine> Ballots { get; init; } = [];

    /// <summary>Per-star results (starCount schemes).</summary>
    public IReadOnlyList<StarLine> Stars { get; init; } = [];

    /// <summary>Bonuses and deductions that applied (points before the set caps), then any cap line.</summary>
    public IReadOnlyList<AdjustmentLine> Adjustments { get; init; } = [];

    /// <summary>The band reached, e.g. "final 91.50 ≥ 90 → 5 五星级".</summary>
    public string Band { get; init; } = "";
}

/// <summary>An indicator's combined score and each group's part of it.</summary>
public sealed record IndicatorLine(string Indicator, decimal Score, IReadOnlyList<GroupPart> Groups);

/// <summary>
/// One group's aggregate on one indicator: Raters (how many), Score (null when the group is missing or
/// insufficient), Weight (its weight in the combination; 0 = reported only).
/// </summary>
public readonly record struct GroupPart(string Group, int Raters, decimal? Score, decimal Weight);

/// <summary>A rater group over all indicators: rater count, total of its aggregates, whether it was sufficient.</summary>
public sealed record GroupLine(string Group, int Raters, decimal? Total, bool Sufficient, int? ProposedLevel);

public sealed record BallotLine(string Ballot, int Valid, int Eligible, decimal? Satisfaction, decimal? Participation, bool Sufficient);

public sealed record StarLine(string Star, bool Earned, string Detail);

/// <summary>Kind: bonus, deduction, bonus-cap, deduction-cap.</summary>
public sealed record AdjustmentLine(string Item, string Kind, decimal Points, string Detail);

/// <summary>
/// A level change with its reason code (lowering, cap, veto, quota-cap, quota-floor) and the rule that caused it
/// (the scheme's rule id).
/// </summary>
public sealed record LevelChange(Level From, Level To, string Reason, string Rule, string Detail);

/// <summary>Totals on the primary track, and every track's base total when the scheme has several (双百分制).</summary>
public sealed record Totals(decimal Base, decimal Bonus, decimal Deductions, decimal Final, IReadOnlyDictionary<string, decimal> Tracks);

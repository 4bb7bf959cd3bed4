namespace BranchRating.Domain.Schemes;

/// <summary>How and when numbers are rounded (see Schemes/README.md, "Rounding").</summary>
public sealed record RoundingRule(int Places, MidpointRounding Mode)
{
    public decimal Apply(decimal value) => value.Scale <= Places ? value : Math.Round(value, Places, Mode);
}

/// <summary>A separately reported total (双百分制: central work and Party-building). The first track is primary.</summary>
public sealed record Track(string Id, string Name, decimal Max, int Index);

public sealed record Dimension(string Id, string Name, string Track, IReadOnlyList<Indicator> Indicators);

public sealed record Indicator(
    string Id,
    string Name,
    string Dimension,
    string Track,
    int TrackIndex,
    decimal Max,
    IndicatorKind Kind,
    IReadOnlyList<decimal> RankPoints,
    decimal RankOtherwise,
    IReadOnlyDictionary<string, decimal>? Weights,
    int Index);

public sealed record Aggregation(AggregationMethod Method, int Trim, int MinRaters);

public sealed record RaterGroup(
    string Id,
    string Name,
    RaterRole Role,
    RaterSource Source,
    string? Ballot,
    Aggregation Aggregation,
    bool ProposesLevel,
    int Index);

public sealed record Combination(
    CombinationMethod Method,
    IReadOnlyDictionary<string, decimal> Weights,
    IReadOnlyList<string> Priority,
    MissingGroupPolicy WhenGroupMissing);

public sealed record BallotChoice(string Id, string Label, decimal Weight);

/// <summary>A satisfaction ballot. MinParticipation is a percentage of the eligible voters (0 = no threshold).</summary>
public sealed record BallotRule(string Id, string Name, IReadOnlyList<BallotChoice> Choices, decimal MinParticipation, int Index);

public sealed record StarEarnRule(StarEarnBy By, string? Indicator, string? Ballot, string? Flag, decimal AtLeast);

public sealed record StarRule(string Id, string Name, StarEarnRule Earn);

/// <summary>A test on one subject's facts. Name/Names/Value are used according to <see cref="Test"/>.</summary>
public sealed record Condition(ConditionTest Test, string? Name, IReadOnlyList<string> Names, decimal Value);

/// <summary>
/// A bonus or deduction item. Exactly one of: PerEvent (points × event count), LevelPoints (each event names
/// a level), or When (fixed Points applied once when the condition holds).
/// </summary>
public sealed record AdjustmentItem(
    string Id,
    string Name,
    decimal? PerEvent,
    IReadOnlyDictionary<string, decimal>? LevelPoints,
    decimal? Points,
    Condition? When,
    bool HighestOnly);

public sealed record AdjustmentSet(decimal? Cap, IReadOnlyList<AdjustmentItem> Items)
{
    public static AdjustmentSet Empty { get; } = new(null, []);
}

/// <summary>An eligibility cap: when the condition holds the level is at most MaxLevel.</summary>
public sealed record CapRule(string Id, Condition When, int MaxLevel, string Reason);

/// <summary>A lowering (e.g. ≥ 3 absences → one star below the band reached).</summary>
public sealed record LoweringRule(string Id, Condition When, int By, string Reason);

public sealed record VetoType(string Id, string Name);

/// <summary>一票否决: a veto of one of the types sets the level to Level and bars stars for BarMonths after its date.</summary>
public sealed record VetoRule(IReadOnlyList<VetoType> Types, int Level, int BarMonths);

public sealed record BandThreshold(int Level, decimal AtLeast);

/// <summary>Bands on the primary track's final total: the first threshold (highest first) reached wins; a boundary belongs to the higher band.</summary>
public sealed record Bands(IReadOnlyList<BandThreshold> Thresholds, int Otherwise);

public sealed record QuotaRule(
    string Id,
    QuotaKind Kind,
    string Scope,
    int Level,
    LevelMatch Match,
    decimal Share,
    int Count,
    TargetCompare Compare,
    string? Origin);

public sealed record OrderKey(OrderKeyKind Kind, string? Ref)
{
    public override string ToString() => Ref is null ? Kind.ToString().ToLowerInvariant() : $"{Kind.ToString().ToLowerInvariant()}:{Ref}";
}

public sealed record RankingRule(string Scope, OrderKey By, RankStyle Style, bool Relative);

/// <summary>Subjects at or below a level go to rectification; with Share, only the lowest-ranked ceil(Share·N) of the scope.</summary>
public sealed record RectificationRule(string Id, int AtOrBelow, decimal? Share, string? Scope);

public sealed record DiscrepancyRule(string SelfGroup, int LevelDifferenceAtLeast, decimal SelfTotalExceedsBy);

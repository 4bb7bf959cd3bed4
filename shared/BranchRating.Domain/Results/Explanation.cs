using System.Text.Json.Serialization;

namespace BranchRating.Domain.Results;

/// <summary>Why a subject got its totals and band: every input and every computed number, in scheme order.</summary>
public sealed record Explanation
{
    // The engine builds explanations in a compact form (numbers in one array, ids in the scheme's shared shape);
    // the lines are materialized on first read, identical to lines built eagerly.
    private readonly ExplanationShape? _shape;
    private readonly decimal[]? _values;
    private readonly decimal[][]? _weights;
    private IReadOnlyList<IndicatorLine>? _indicators;
    private IReadOnlyList<GroupLine>? _groups;
    private IReadOnlyList<BallotLine>? _ballots;

    public Explanation()
    {
    }

    internal Explanation(ExplanationShape shape, decimal[] values, decimal[][] weights)
    {
        _shape = shape;
        _values = values;
        _weights = weights;
    }

    private ReadOnlySpan<decimal> Values => _values.AsSpan(0, _shape!.Length);

    /// <summary>One line per indicator of the scheme, in scheme order: its combined score.</summary>
    public IReadOnlyList<IndicatorLine> Indicators
    {
        get => _indicators ??= _shape is null ? [] : _shape.IndicatorLines(Values);
        init => _indicators = value;
    }

    /// <summary>One line per rater group of the scheme, in scheme order, with its aggregate and weight per indicator.</summary>
    public IReadOnlyList<GroupLine> Groups
    {
        get => _groups ??= _shape is null ? [] : _shape.GroupLines(Values, _weights!);
        init => _groups = value;
    }

    /// <summary>A group's total without materializing the lines; false when the scheme has no such group.</summary>
    internal bool TryGroupTotal(string group, out decimal? total)
    {
        if (_groups is null && _shape is not null)
        {
            var g = _shape.GroupIndex(group);
            total = g < 0 ? null : _shape.Total(Values, g);
            return g >= 0;
        }
        foreach (var line in Groups)
        {
            if (line.Group == group)
            {
                total = line.Total;
                return true;
            }
        }
        total = null;
        return false;
    }

    /// <summary>One line per ballot of the scheme, in scheme order (null rate when the input had none).</summary>
    public IReadOnlyList<BallotLine> Ballots
    {
        get => _ballots ??= _shape is null ? [] : _shape.BallotLines(Values);
        init => _ballots = value;
    }

    /// <summary>A ballot's satisfaction rate without materializing the lines; false when there is no such ballot.</summary>
    internal bool TrySatisfaction(string ballot, out decimal? rate)
    {
        if (_ballots is null && _shape is not null)
        {
            return _shape.TrySatisfaction(Values, ballot, out rate);
        }
        foreach (var line in Ballots)
        {
            if (line.Ballot == ballot)
            {
                rate = line.Satisfaction;
                return true;
            }
        }
        rate = null;
        return false;
    }

    /// <summary>Per-star results (starCount schemes).</summary>
    public IReadOnlyList<StarLine> Stars { get; init; } = [];

    /// <summary>Bonuses and deductions that applied (points before the set caps), then any cap line.</summary>
    public IReadOnlyList<AdjustmentLine> Adjustments { get; init; } = [];

    /// <summary>The band reached, e.g. "final ≥ 90 → 5 五星级" (the final total is in <see cref="Totals"/>).</summary>
    public string Band { get; init; } = "";

    /// <summary>Per indicator (scheme order) and per rater group (scheme order): the group's input and part (a view of <see cref="Groups"/>).</summary>
    [JsonIgnore]
    public IEnumerable<GroupPart> Parts =>
        Indicators.SelectMany((line, i) => Groups.Select(g => new GroupPart(line.Indicator, g.Group, g.Raters, g.Scores.Count > i ? g.Scores[i] : null, g.Weights.Count > i ? g.Weights[i] : 0m)));

    /// <summary>The groups' parts of one indicator, in group order.</summary>
    public IEnumerable<GroupPart> PartsOf(string indicator) => Parts.Where(p => p.Indicator == indicator);
}

/// <summary>An indicator's combined score.</summary>
public readonly record struct IndicatorLine(string Indicator, decimal Score);

/// <summary>
/// One group's aggregate on one indicator: Raters (how many), Score (the aggregate of their points, rounded; null
/// when the group is missing or insufficient), Weight (its weight in the combination; 0 = reported only).
/// </summary>
public readonly record struct GroupPart(string Indicator, string Group, int Raters, decimal? Score, decimal Weight);

/// <summary>
/// A rater group: rater count, total of its aggregates, whether it was sufficient, the level it proposed, and per
/// indicator (scheme order) its aggregate (Scores, rounded; null when missing or insufficient) and the weight
/// it got in the combination (Weights; 0 = reported only, e.g. the self-assessment replaced by the superior).
/// </summary>
public readonly record struct GroupLine(string Group, int Raters, decimal? Total, bool Sufficient, int? ProposedLevel, IReadOnlyList<decimal?> Scores, IReadOnlyList<decimal> Weights);

/// <summary>A ballot: valid ballots, eligible base, satisfaction and participation (%), participation sufficient.</summary>
public readonly record struct BallotLine(string Ballot, int Valid, int Eligible, decimal? Satisfaction, decimal? Participation, bool Sufficient);

public sealed record StarLine(string Star, bool Earned, string Detail);

/// <summary>Kind: bonus, deduction, bonus-cap, deduction-cap.</summary>
public sealed record AdjustmentLine(string Item, string Kind, decimal Points, string Detail);

/// <summary>
/// A level change with its reason code (lowering, cap, veto, quota-cap, quota-floor) and the rule that caused it
/// (the scheme's rule id).
/// </summary>
public sealed record LevelChange(Level From, Level To, string Reason, string Rule, string Detail);

/// <summary>Totals on the primary track, and every track's base total when the scheme has several (双百分制).</summary>
public readonly record struct Totals(decimal Base, decimal Bonus, decimal Deductions, decimal Final, IReadOnlyDictionary<string, decimal> Tracks);

using System.Collections.Frozen;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Per-scheme lookups computed once, so scoring a subject needs no searching or LINQ.</summary>
internal sealed class SchemePlan
{
    public SchemePlan(Scheme scheme)
    {
        Scheme = scheme;
        Indicators = scheme.Indicators.ToArray();
        Groups = scheme.RaterGroups.ToArray();
        Ballots = scheme.Ballots.ToArray();
        var groups = scheme.RaterGroups;
        var indicators = scheme.Indicators;
        IndicatorIndex = indicators.ToFrozenDictionary(i => i.Id, i => i.Index, StringComparer.Ordinal);
        GroupIndex = groups.ToFrozenDictionary(g => g.Id, g => g.Index, StringComparer.Ordinal);
        Adjustments = scheme.Bonuses.Items.Concat(scheme.Deductions.Items).ToFrozenDictionary(i => i.Id, StringComparer.Ordinal);

        Weights = new decimal[indicators.Count][];
        foreach (var ind in indicators)
        {
            var w = new decimal[groups.Count];
            var source = ind.Weights ?? scheme.Combination.Weights;
            foreach (var g in groups)
            {
                w[g.Index] = scheme.Combination.Method == CombinationMethod.Weighted ? source.GetValueOrDefault(g.Id) : 0m;
            }
            Weights[ind.Index] = w;
        }
        BallotOfGroup = groups.Select(g => g.Ballot is { } b ? scheme.FindBallot(b)!.Index : -1).ToArray();
        GroupWeights = Groups.Select(g => Indicators.Select(i => Weights[i.Index][g.Index]).ToArray()).ToArray();
        OneWeights = Indicators.Select(_ => 1m).ToArray();
        NoScores = new decimal?[Indicators.Length];
        Priority = scheme.Combination.Priority.Select(id => GroupIndex[id]).ToArray();
        Combining = new bool[groups.Count];
        foreach (var g in groups)
        {
            Combining[g.Index] = scheme.Combination.Method == CombinationMethod.Override
                ? Priority.Contains(g.Index)
                : Weights.Any(w => w[g.Index] > 0);
        }

        var conditions = scheme.Deductions.Items.Concat(scheme.Bonuses.Items).Select(i => i.When)
            .Concat(scheme.Caps.Select(c => c.When))
            .Concat(scheme.Lowerings.Select(l => l.When))
            .OfType<Condition>()
            .ToArray();
        RequiredBallots = conditions
            .Where(c => c.Test is ConditionTest.SatisfactionBelow or ConditionTest.ParticipationBelow)
            .Select(c => c.Name!)
            .Concat(groups.Where(g => g.Source == RaterSource.Ballot).Select(g => g.Ballot!))
            .Concat(scheme.Stars.Where(s => s.Earn.By == StarEarnBy.Satisfaction).Select(s => s.Earn.Ballot!))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        CountedEvents = conditions.Where(c => c.Test == ConditionTest.EventsAtLeast).Select(c => c.Name!).ToFrozenSet(StringComparer.Ordinal);
        SelfGroupIndex = scheme.Discrepancy is { } d ? GroupIndex[d.SelfGroup] : groups.FirstOrDefault(g => g.Role == RaterRole.Self)?.Index;
        EmptyTracks = new Dictionary<string, decimal>();
        InsufficientRatersFlags = Groups.Select(g => $"insufficient-raters:{g.Id}").ToArray();
        InsufficientParticipationFlags = Ballots.Select(b => $"insufficient-participation:{b.Id}").ToArray();
        SingleFlags = InsufficientRatersFlags.Concat(InsufficientParticipationFlags).Append(RenormalizedFlag).Select(f => new[] { f }).ToArray();
        Shape = new Results.ExplanationShape(Indicators.Select(i => i.Id).ToArray(), Groups.Select(g => g.Id).ToArray(), Ballots.Select(b => b.Id).ToArray());
        OverrideWeights = Groups.Select(chosen => Groups.Select(g => g.Index == chosen.Index ? OneWeights : GroupWeights[g.Index]).ToArray()).ToArray();
        ExplainedKeys = scheme.Order.Concat(scheme.Rankings.Select(r => r.By))
            .Where(k => k.Kind is OrderKeyKind.Group or OrderKeyKind.Satisfaction)
            .Distinct()
            .Take(2)
            .ToArray();
        ExplainedKeySlots = ExplainedKeys
            .Select(k => k.Kind == OrderKeyKind.Group ? Shape.GroupIndex(k.Ref!) : Array.IndexOf(Shape.Ballots, k.Ref))
            .ToArray();
        MaxScaled = Indicators.Select(i => DecimalBits.ScaledOrNone(i.Max)).ToArray();
        ExpectedIds = Indicators.Select(i => i.Id).ToArray();
        TallyStart = new int[Ballots.Length];
        var at = 0;
        foreach (var b in Ballots)
        {
            TallyStart[b.Index] = at;
            at += 2 + b.Choices.Count;
        }
        TallyLength = Math.Max(1, at);
        IntegerChoiceWeights = Ballots
            .Select(b => b.Choices.All(c => c.Weight.Scale == 0 && c.Weight is >= 0 and <= 1_000_000)
                ? b.Choices.Select(c => (long)c.Weight).ToArray()
                : null)
            .ToArray();
        MinParticipationScaled = Ballots.Select(b => DecimalBits.ScaledOrNone(b.MinParticipation)).ToArray();
        MaxTotalScaled = DecimalBits.ScaledOrNone(scheme.MaxTotal);
        AllScored = Indicators.All(i => i.Kind == IndicatorKind.Scored);
        ScopeKindIds = new IdIndex(scheme.ScopeKinds);
        GroupIds = new IdIndex(Groups.Select(g => g.Id));
        BallotIds = new IdIndex(Ballots.Select(b => b.Id));
        ChoiceIds = Ballots.Select(b => new IdIndex(b.Choices.Select(c => c.Id))).ToArray();
    }

    /// <summary>Whether every indicator is scored (an entry is its points: no binary or rank conversion).</summary>
    public bool AllScored { get; }

    /// <summary>The scheme's maximum total × 10⁴, long.MinValue when not scaled.</summary>
    public long MaxTotalScaled { get; }

    /// <summary>Rater group ids → index, ballot ids → index, and per ballot its choice ids → position (see <see cref="IdIndex"/>).</summary>
    public IdIndex GroupIds { get; }

    /// <summary>The scheme's scope kinds (quota and ranking scopes) → position, in <see cref="Scheme.ScopeKinds"/> order.</summary>
    public IdIndex ScopeKindIds { get; }

    public IdIndex BallotIds { get; }

    public IdIndex[] ChoiceIds { get; }

    /// <summary>ExplainedKeySlots[k]: the group index (group key) or ballot index (satisfaction key) of ExplainedKeys[k].</summary>
    public int[] ExplainedKeySlots { get; }

    /// <summary>MaxScaled[indicator]: its maximum × 10⁴ (<see cref="DecimalBits.TryScaled"/>), long.MinValue when not scaled.</summary>
    public long[] MaxScaled { get; }

    /// <summary>
    /// ExpectedIds[k]: the id string instance last seen at position k of a submission's scores that equals indicator k's
    /// id (starts as the scheme's own). Inputs deserialized or built together share their key instances, so one
    /// reference comparison usually replaces a string comparison. Shared across threads: a slot only ever holds a
    /// string equal to that indicator's id, and a stale read just compares the characters.
    /// </summary>
    public string[] ExpectedIds { get; }

    /// <summary>
    /// The ballots' counts as the validator reads them, for scoring: TallyStart[ballot] → [present 0/1, eligible,
    /// count per choice in scheme order]; TallyLength ints in all.
    /// </summary>
    public int[] TallyStart { get; }

    public int TallyLength { get; }

    /// <summary>IntegerChoiceWeights[ballot]: the choice weights as integers when all are whole numbers, else null.</summary>
    public long[]?[] IntegerChoiceWeights { get; }

    /// <summary>MinParticipationScaled[ballot]: the participation threshold × 10⁴, long.MinValue when not scaled.</summary>
    public long[] MinParticipationScaled { get; }

    /// <summary>
    /// The (up to two) order keys read from the explanation (group totals, satisfaction rates) that a score keeps
    /// inline, so ranking needs no explanation; any further such key is read from the explanation.
    /// </summary>
    public OrderKey[] ExplainedKeys { get; }

    public Scheme Scheme { get; }

    /// <summary>The scheme's indicators by index.</summary>
    public Indicator[] Indicators { get; }

    /// <summary>The scheme's rater groups by index.</summary>
    public RaterGroup[] Groups { get; }

    /// <summary>GroupWeights[group][indicator]: the configured weights, shared by every explanation that keeps them.</summary>
    public decimal[][] GroupWeights { get; }

    /// <summary>Weight 1 on every indicator (the group an override scheme takes), shared.</summary>
    public decimal[] OneWeights { get; }

    /// <summary>The ids every explanation of the scheme shares, and the compact layout of its numbers.</summary>
    public Results.ExplanationShape Shape { get; }

    /// <summary>OverrideWeights[g]: the per-group weights when an override scheme takes group g (weight 1), shared.</summary>
    public decimal[][][] OverrideWeights { get; }

    /// <summary>No aggregate on any indicator (a missing or insufficient group), shared.</summary>
    public decimal?[] NoScores { get; }

    /// <summary>The scheme's ballots by index.</summary>
    public BallotRule[] Ballots { get; }
    public FrozenDictionary<string, int> IndicatorIndex { get; }

    /// <summary>The last <see cref="IndicatorOrder"/> found equal to the scheme's (see <see cref="IsSchemeOrder"/>).</summary>
    private IndicatorOrder? _schemeOrder;

    /// <summary>
    /// Whether <paramref name="order"/> lists exactly the scheme's indicators in the scheme's order. The last order
    /// found equal is remembered, so the check is one reference comparison per submission.
    /// </summary>
    public bool IsSchemeOrder(IndicatorOrder order)
    {
        if (ReferenceEquals(order, _schemeOrder))
        {
            return true;
        }
        if (order.Count != Indicators.Length)
        {
            return false;
        }
        for (var i = 0; i < Indicators.Length; i++)
        {
            if (!string.Equals(order.Ids[i], Indicators[i].Id, StringComparison.Ordinal))
            {
                return false;
            }
        }
        _schemeOrder = order; // a reference write: racing runs may each store an equal order
        return true;
    }

    public FrozenDictionary<string, int> GroupIndex { get; }
    public FrozenDictionary<string, AdjustmentItem> Adjustments { get; }

    /// <summary>Weights[indicator][group] of the weighted combination (0 for override schemes).</summary>
    public decimal[][] Weights { get; }

    /// <summary>BallotOfGroup[group] = the ballot index of a ballot-sourced group, else -1.</summary>
    public int[] BallotOfGroup { get; }

    /// <summary>Group indices of the override priority list.</summary>
    public int[] Priority { get; }

    /// <summary>Whether a group takes part in the combination (else it is reported only).</summary>
    public bool[] Combining { get; }

    /// <summary>Ballots the input must carry because a rule uses them.</summary>
    public IReadOnlyList<string> RequiredBallots { get; }

    /// <summary>Event types counted by conditions (valid even without a bonus/deduction item).</summary>
    public FrozenSet<string> CountedEvents { get; }

    public int? SelfGroupIndex { get; }

    /// <summary>The flag texts per group and per ballot, built once.</summary>
    public string[] InsufficientRatersFlags { get; }

    public string[] InsufficientParticipationFlags { get; }

    public const string RenormalizedFlag = "renormalized-weights";

    public IReadOnlyDictionary<string, decimal> EmptyTracks { get; }

    public AdjustmentItem? FindAdjustment(string id) => Adjustments.GetValueOrDefault(id);

    /// <summary>One-flag lists shared by every score that has just that flag (the plan's own flag texts).</summary>
    private string[][] SingleFlags { get; }

    /// <summary>A score's flags to keep: none, a shared one-flag list, or an exact-size copy.</summary>
    public IReadOnlyList<string> KeepFlags(List<string>? flags)
    {
        if (flags is null)
        {
            return [];
        }
        if (flags.Count == 1)
        {
            foreach (var single in SingleFlags)
            {
                if (ReferenceEquals(single[0], flags[0]))
                {
                    return single;
                }
            }
        }
        return flags.ToArray();
    }
}

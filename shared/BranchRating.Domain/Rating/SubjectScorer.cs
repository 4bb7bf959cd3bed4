using System.Buffers;
using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Steps (a)–(d) of RATING-RULES §4.13 for one subject.</summary>
internal sealed class SubjectScorer(SchemePlan plan, RatingOptions options)
{
    private readonly Scheme _scheme = plan.Scheme;
    private readonly InputValidator _validator = new(plan.Scheme, plan);
    private readonly GroupCombiner _combiner = new(plan);
    private readonly LevelRules _levels = new(plan.Scheme, options);

    /// <summary>
    /// Scores one subject. The score keeps the input and recomputes its explanation when first read (see
    /// <see cref="SubjectScore"/>), so scoring keeps no explanation numbers.
    /// </summary>
    /// <summary>The order keys a lazy score keeps inline (see <see cref="SchemePlan.ExplainedKeys"/>).</summary>
    public OrderKey[] ExplainedKeys => plan.ExplainedKeys;

    public string SchemeId => _scheme.Id;

    public string SchemeVersion => _scheme.Version;

    public SubjectScore Score(SubjectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var entries = ArrayPool<decimal>.Shared.Rent(Math.Max(1, (input.Submissions?.Count ?? 0) * plan.Indicators.Length));
        var values = ArrayPool<decimal>.Shared.Rent(plan.Shape.Length);
        try
        {
            Array.Clear(values, 0, plan.Shape.Length);
            return Score(input, entries, values, eager: false);
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(values);
            ArrayPool<decimal>.Shared.Return(entries);
        }
    }

    /// <summary>The full explanation of a subject scored earlier: the same steps again, every number kept.</summary>
    public Explanation Explain(SubjectInput input)
    {
        var entries = ArrayPool<decimal>.Shared.Rent(Math.Max(1, (input.Submissions?.Count ?? 0) * plan.Indicators.Length));
        try
        {
            return Score(input, entries, new decimal[plan.Shape.Length], eager: true).Explanation;
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(entries);
        }
    }

    /// <summary>
    /// <paramref name="values"/>: zeroed scratch in the compact layout; with <paramref name="eager"/> it becomes the
    /// explanation's numbers, otherwise the score keeps the input and the explained order keys only.
    /// </summary>
    private SubjectScore Score(SubjectInput input, decimal[] entries, decimal[] values, bool eager)
    {
        var errors = _validator.Validate(input, entries);
        if (errors is not null)
        {
            throw new RatingInputException(input.Code ?? "", errors);
        }
        List<string>? flags = null;

        var nBallots = _scheme.Ballots.Count;
        Span<decimal?> satisfaction = nBallots <= 8 ? stackalloc decimal?[nBallots] : new decimal?[nBallots];
        Span<decimal?> participation = nBallots <= 8 ? stackalloc decimal?[nBallots] : new decimal?[nBallots];
        Ballots(input, values, satisfaction, participation, ref flags);
        var (_, weights, renormalized) = _combiner.Combine(input, entries, satisfaction, values, ref errors);
        if (errors is not null)
        {
            throw new RatingInputException(input.Code!, errors);
        }
        var shape = plan.Shape;
        for (var g = 0; g < plan.Groups.Length; g++)
        {
            var meta = shape.Meta(g);
            if (values[meta] > 0 && values[meta + 2] == 0)
            {
                (flags ??= []).Add(plan.InsufficientRatersFlags[g]);
            }
        }
        if (renormalized)
        {
            (flags ??= []).Add(SchemePlan.RenormalizedFlag);
        }

        var facts = new SubjectFacts(input, satisfaction, participation, values, plan.Indicators.Length, _scheme);
        var (trackBase, tracks) = TrackTotals(values);
        List<AdjustmentLine>? adjustments = null;
        var bonus = AdjustmentCalculator.Apply(_scheme.Bonuses, "bonus", facts, eager, ref adjustments);
        var deductions = AdjustmentCalculator.Apply(_scheme.Deductions, "deduction", facts, eager, ref adjustments);
        var final = Math.Clamp(trackBase + bonus - deductions, 0m, _scheme.MaxTotal);

        IReadOnlyList<StarLine> starLines = [];
        int band;
        string bandText;
        if (_scheme.ResultKind == ResultKind.StarCount)
        {
            (band, starLines) = CountStars(input, facts, values);
            bandText = $"{band} of {_scheme.Stars.Count} stars earned → {_scheme.Levels[band]}";
        }
        else
        {
            (band, bandText) = _levels.Band(final);
        }

        List<LevelChange>? changes = null;
        var level = _levels.Apply(band, facts, ref changes, ref flags);

        int? selfProposed = null;
        decimal? selfTotal = null;
        if (plan.SelfGroupIndex is { } si)
        {
            var proposed = (int)values[shape.Meta(si) + 1];
            selfProposed = proposed < 0 ? null : proposed;
            selfTotal = shape.Total(values, si);
        }
        if (!eager)
        {
            return new SubjectScore(this, input, ExplainedKey(0, values), ExplainedKey(1, values))
            {
                Code = input.Code,
                Scopes = input.Scopes ?? EmptyMaps.Strings,
                Totals = new Totals(trackBase, bonus, deductions, final, tracks),
                BandLevel = _scheme.Levels[band],
                Level = _scheme.Levels[level],
                SelfProposedLevel = selfProposed,
                SelfTotal = selfTotal,
                LevelChanges = (IReadOnlyList<LevelChange>?)changes ?? [],
                Flags = plan.KeepFlags(flags),
            };
        }
        return new SubjectScore
        {
            SchemeId = _scheme.Id,
            SchemeVersion = _scheme.Version,
            Code = input.Code,
            Scopes = input.Scopes ?? EmptyMaps.Strings,
            Totals = new Totals(trackBase, bonus, deductions, final, tracks),
            BandLevel = _scheme.Levels[band],
            Level = _scheme.Levels[level],
            SelfProposedLevel = selfProposed,
            SelfTotal = selfTotal,
            Explanation = new Explanation(shape, values, weights)
            {
                Stars = starLines,
                Adjustments = (IReadOnlyList<AdjustmentLine>?)adjustments ?? [],
                Band = bandText,
            },
            LevelChanges = (IReadOnlyList<LevelChange>?)changes ?? [],
            Flags = (IReadOnlyList<string>?)flags ?? [],
        };
    }

    /// <summary>The value of the plan's k-th explained order key (a group total or a satisfaction rate), Missing when absent.</summary>
    private decimal ExplainedKey(int k, decimal[] values)
    {
        var keys = plan.ExplainedKeys;
        if (k >= keys.Length)
        {
            return Ranking.OrderKeys.Missing;
        }
        var key = keys[k];
        var shape = plan.Shape;
        if (key.Kind == OrderKeyKind.Group)
        {
            var g = shape.GroupIndex(key.Ref!);
            return g >= 0 && shape.Total(values, g) is { } total ? total : Ranking.OrderKeys.Missing;
        }
        return shape.TrySatisfaction(values, key.Ref!, out var rate) && rate is { } r ? r : Ranking.OrderKeys.Missing;
    }

    private void Ballots(SubjectInput input, decimal[] values, Span<decimal?> satisfaction, Span<decimal?> participation, ref List<string>? flags)
    {
        var rules = _scheme.Ballots;
        var tallies = input.Ballots ?? EmptyMaps.Ballots;
        foreach (var rule in (rules).Span())
        {
            if (!tallies.TryGetValue(rule.Id, out var tally))
            {
                continue;
            }
            var valid = 0;
            decimal weighted = 0;
            foreach (var choice in (rule.Choices).Span())
            {
                var n = tally.Counts.GetValueOrDefault(choice.Id);
                valid += n;
                weighted += n * choice.Weight;
            }
            var rate = _scheme.Rounding.Apply(weighted * 100m / valid);
            var part = _scheme.Rounding.Apply(valid * 100m / tally.Eligible);
            var sufficient = part >= rule.MinParticipation;
            if (!sufficient)
            {
                (flags ??= []).Add(plan.InsufficientParticipationFlags[rule.Index]);
            }
            satisfaction[rule.Index] = rate;
            participation[rule.Index] = part;
            var at = plan.Shape.BallotStart(rule.Index);
            values[at] = valid;
            values[at + 1] = tally.Eligible;
            values[at + 2] = rate;
            values[at + 3] = part;
            values[at + 4] = sufficient ? 2 : 1;
        }
    }

    private (decimal Primary, IReadOnlyDictionary<string, decimal> Tracks) TrackTotals(decimal[] scores)
    {
        var tracks = _scheme.Tracks;
        var n = plan.Indicators.Length;
        if (tracks.Count == 1)
        {
            return (ExactSum.Of(scores.AsSpan(0, n)), plan.EmptyTracks);
        }
        var sums = new decimal[tracks.Count];
        foreach (var ind in (_scheme.Indicators).Span())
        {
            sums[ind.TrackIndex] += scores[ind.Index];
        }
        var map = new Dictionary<string, decimal>(tracks.Count, StringComparer.Ordinal);
        foreach (var t in (tracks).Span())
        {
            map[t.Id] = sums[t.Index];
        }
        return (sums[0], map);
    }

    private (int Count, StarLine[] Lines) CountStars(SubjectInput input, SubjectFacts facts, decimal[] scores)
    {
        var lines = new StarLine[_scheme.Stars.Count];
        var earned = 0;
        for (var s = 0; s < lines.Length; s++)
        {
            var star = _scheme.Stars[s];
            var rule = star.Earn;
            (bool ok, string detail) = rule.By switch
            {
                StarEarnBy.Score => Check(scores[plan.IndicatorIndex[rule.Indicator!]], rule.AtLeast, $"{rule.Indicator} score"),
                StarEarnBy.Vote => (input.StarVotes ?? EmptyMaps.StarVotes).TryGetValue(star.Id, out var vote)
                    ? Check(_scheme.Rounding.Apply(vote.Approve * 100m / vote.Total), rule.AtLeast, $"approval {vote.Approve}/{vote.Total} %")
                    : (false, "no vote"),
                StarEarnBy.Satisfaction => facts.Satisfaction(rule.Ballot!) is { } rate
                    ? Check(rate, rule.AtLeast, $"satisfaction {rule.Ballot} %")
                    : (false, $"no ballot {rule.Ballot}"),
                _ => facts.HasFlag(rule.Flag!) ? (true, $"record {rule.Flag}") : (false, $"no record {rule.Flag}"),
            };
            earned += ok ? 1 : 0;
            lines[s] = new StarLine(star.Id, ok, detail);
        }
        return (earned, lines);
    }

    private static (bool, string) Check(decimal value, decimal atLeast, string what) =>
        (value >= atLeast, $"{what} {value.ToString(CultureInfo.InvariantCulture)} {(value >= atLeast ? "≥" : "<")} {atLeast.ToString(CultureInfo.InvariantCulture)}");
}

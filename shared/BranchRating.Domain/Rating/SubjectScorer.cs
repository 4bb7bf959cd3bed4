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

    /// <summary>The order keys a lazy score keeps inline (see <see cref="SchemePlan.ExplainedKeys"/>).</summary>
    public OrderKey[] ExplainedKeys => plan.ExplainedKeys;

    /// <summary>The tracks of a one-track scheme's totals (none), shared.</summary>
    public IReadOnlyDictionary<string, decimal> EmptyTracks => plan.EmptyTracks;

    /// <summary>Whether the order chain or a ranking reads the base total or a track (so a run keeps the base).</summary>
    public bool RanksByBase { get; } = plan.Scheme.Order.Concat(plan.Scheme.Rankings.Select(r => r.By))
        .Any(k => k.Kind is OrderKeyKind.Base or OrderKeyKind.Track);

    public string SchemeId => _scheme.Id;

    public string SchemeVersion => _scheme.Version;

    /// <summary>Scores one subject into a score that keeps its input (see <see cref="SubjectScore"/>).</summary>
    public SubjectScore Score(SubjectInput input)
    {
        var row = default(ScoredSubject);
        ScoreInto(input, ref row);
        return Materialize(input, in row);
    }

    /// <summary>Scores one subject into <paramref name="row"/>; no explanation numbers are kept.</summary>
    public void ScoreInto(SubjectInput input, ref ScoredSubject row)
    {
        ArgumentNullException.ThrowIfNull(input);
        var copy = Rented(input.Submissions, out var submissions);
        var entries = ArrayPool<decimal>.Shared.Rent(Math.Max(1, submissions.Length * plan.Indicators.Length));
        var values = ArrayPool<decimal>.Shared.Rent(plan.Shape.Length);
        var tallies = ArrayPool<int>.Shared.Rent(plan.TallyLength);
        try
        {
            Array.Clear(values, 0, plan.Shape.Length);
            Array.Clear(tallies, 0, plan.TallyLength);
            Compute(input, submissions, entries, values, tallies, eager: false, ref row);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(tallies);
            ArrayPool<decimal>.Shared.Return(values);
            ArrayPool<decimal>.Shared.Return(entries);
            if (copy is not null)
            {
                ArrayPool<RaterSubmission>.Shared.Return(copy, clearArray: true);
            }
        }
    }

    /// <summary>Scores one subject into <paramref name="row"/> with the working arrays of a run scored on one thread.</summary>
    public void ScoreInto(SubjectInput input, ref ScoredSubject row, ScoreScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(input);
        var submissions = scratch.Submissions(input.Submissions);
        var width = submissions.Length * plan.Indicators.Length;
        if (scratch.Entries.Length < width)
        {
            scratch.Entries = new decimal[width];
        }
        Array.Clear(scratch.Values);
        Array.Clear(scratch.Tallies);
        Compute(input, submissions, scratch.Entries, scratch.Values, scratch.Tallies, eager: false, ref row);
    }

    /// <summary>Working arrays for scoring subjects one after another on one thread.</summary>
    public ScoreScratch NewScratch() => new(new decimal[plan.Indicators.Length * 2], new decimal[plan.Shape.Length], new int[plan.TallyLength]);

    /// <summary>
    /// The submissions as a span: an array's or a list's own (returns null), else copied once into a rented array
    /// (returned; give it back to the pool) so a read-only list of another type is not read through its interface at
    /// every use.
    /// </summary>
    private static RaterSubmission[]? Rented(IReadOnlyList<RaterSubmission>? list, out ReadOnlySpan<RaterSubmission> span)
    {
        switch (list)
        {
            case null:
                span = default;
                return null;
            case RaterSubmission[] array:
                span = array;
                return null;
            case List<RaterSubmission> items:
                span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
                return null;
        }
        var n = list.Count;
        var copy = ArrayPool<RaterSubmission>.Shared.Rent(n);
        for (var i = 0; i < n; i++)
        {
            copy[i] = list[i];
        }
        span = copy.AsSpan(0, n);
        return copy;
    }

    /// <summary>The score of a row scored from <paramref name="input"/>: it recomputes its explanation when first read.</summary>
    public SubjectScore Materialize(SubjectInput input, in ScoredSubject row) => new(this, input, row.Key0, row.Key1)
    {
        Code = row.Code,
        Scopes = row.Scopes,
        Totals = row.Totals,
        BandLevel = _scheme.Levels[row.Band],
        Level = _scheme.Levels[row.Level],
        SelfProposedLevel = row.SelfProposed < 0 ? null : row.SelfProposed,
        SelfTotal = row.SelfTotal,
        LevelChanges = row.Changes,
        Flags = row.Flags,
    };

    /// <summary>The full explanation of a subject scored earlier: the same steps again, every number kept.</summary>
    public Explanation Explain(SubjectInput input)
    {
        var copy = Rented(input.Submissions, out var submissions);
        var entries = ArrayPool<decimal>.Shared.Rent(Math.Max(1, submissions.Length * plan.Indicators.Length));
        try
        {
            var row = default(ScoredSubject);
            return Compute(input, submissions, entries, new decimal[plan.Shape.Length], new int[plan.TallyLength], eager: true, ref row)!;
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(entries);
            if (copy is not null)
            {
                ArrayPool<RaterSubmission>.Shared.Return(copy, clearArray: true);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="row"/>. <paramref name="values"/>: zeroed scratch in the compact layout; with
    /// <paramref name="eager"/> it becomes the returned explanation's numbers, otherwise only the explained order
    /// keys are kept (and null is returned).
    /// </summary>
    private Explanation? Compute(
        SubjectInput input, ReadOnlySpan<RaterSubmission> submissions, decimal[] entries, decimal[] values, int[] tallies, bool eager, ref ScoredSubject row)
    {
        var errors = _validator.Validate(input, submissions, entries, tallies);
        if (errors is not null)
        {
            throw new RatingInputException(input.Code ?? "", errors);
        }
        List<string>? flags = null;

        var nBallots = plan.Ballots.Length;
        Span<decimal?> satisfaction = nBallots <= 8 ? stackalloc decimal?[nBallots] : new decimal?[nBallots];
        Span<decimal?> participation = nBallots <= 8 ? stackalloc decimal?[nBallots] : new decimal?[nBallots];
        Ballots(tallies, values, satisfaction, participation, ref flags);
        var (_, weights, renormalized) = _combiner.Combine(submissions, entries, satisfaction, values, ref errors);
        if (errors is not null)
        {
            throw new RatingInputException(input.Code!, errors);
        }
        var shape = plan.Shape;
        for (var g = 0; g < plan.Groups.Length; g++)
        {
            var meta = shape.Meta(g);
            if (!DecimalBits.IsZero(values[meta]) && DecimalBits.IsZero(values[meta + 2]))
            {
                (flags ??= []).Add(plan.InsufficientRatersFlags[g]);
            }
        }
        if (renormalized)
        {
            (flags ??= []).Add(SchemePlan.RenormalizedFlag);
        }

        var facts = new SubjectFacts(input, satisfaction, participation, values, plan.Indicators.Length, plan.BallotIds);
        var (trackBase, tracks) = TrackTotals(values, weights);
        List<AdjustmentLine>? adjustments = null;
        var bonus = AdjustmentCalculator.Apply(_scheme.Bonuses, "bonus", facts, eager, ref adjustments);
        var deductions = AdjustmentCalculator.Apply(_scheme.Deductions, "deduction", facts, eager, ref adjustments);
        var final = Final(trackBase, bonus, deductions);

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
        row.Code = input.Code;
        row.Scopes = input.Scopes ?? EmptyMaps.Strings;
        row.Totals = new Totals(trackBase, bonus, deductions, final, tracks);
        row.Band = band;
        row.Level = level;
        row.SelfProposed = selfProposed ?? -1;
        row.SelfTotal = selfTotal;
        row.Key0 = ExplainedKey(0, values);
        row.Key1 = ExplainedKey(1, values);
        row.Changes = (IReadOnlyList<LevelChange>?)changes ?? [];
        row.Flags = plan.KeepFlags(flags);
        if (!eager)
        {
            return null;
        }
        return new Explanation(shape, values, weights)
        {
            Stars = starLines,
            Adjustments = (IReadOnlyList<AdjustmentLine>?)adjustments ?? [],
            Band = bandText,
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
        var slot = plan.ExplainedKeySlots[k];
        var shape = plan.Shape;
        if (slot < 0)
        {
            return Ranking.OrderKeys.Missing;
        }
        if (keys[k].Kind == OrderKeyKind.Group)
        {
            return shape.Total(values, slot) is { } total ? total : Ranking.OrderKeys.Missing;
        }
        // A rate is kept only when the ballot was tallied (marker 1 or 2, see Ballots).
        var at = shape.BallotStart(slot);
        return DecimalBits.IsZero(values[at + 4]) ? Ranking.OrderKeys.Missing : values[at + 2];
    }

    /// <summary>Satisfaction and participation rates of every ballot the input carries (counts as the validator read them).</summary>
    private void Ballots(int[] tallies, decimal[] values, Span<decimal?> satisfaction, Span<decimal?> participation, ref List<string>? flags)
    {
        foreach (var rule in plan.Ballots)
        {
            var start = plan.TallyStart[rule.Index];
            if (tallies[start] == 0)
            {
                continue;
            }
            var eligible = tallies[start + 1];
            var counts = tallies.AsSpan(start + 2, rule.Choices.Count);
            long valid = 0;
            foreach (var n in counts)
            {
                valid += n;
            }
            decimal rate;
            if (plan.IntegerChoiceWeights[rule.Index] is { } integerWeights)
            {
                long weighted = 0;
                for (var c = 0; c < counts.Length; c++)
                {
                    weighted += counts[c] * integerWeights[c];
                }
                rate = ExactPercent.Of(weighted, valid, _scheme.Rounding);
            }
            else
            {
                decimal weighted = 0;
                for (var c = 0; c < counts.Length; c++)
                {
                    weighted += counts[c] * rule.Choices[c].Weight;
                }
                rate = _scheme.Rounding.Apply(weighted * 100m / valid);
            }
            var part = ExactPercent.Of(valid, eligible, _scheme.Rounding);
            var sufficient = DecimalBits.AtLeast(part, rule.MinParticipation, plan.MinParticipationScaled[rule.Index]);
            if (!sufficient)
            {
                (flags ??= []).Add(plan.InsufficientParticipationFlags[rule.Index]);
            }
            satisfaction[rule.Index] = rate;
            participation[rule.Index] = part;
            var at = plan.Shape.BallotStart(rule.Index);
            values[at] = valid;
            values[at + 1] = eligible;
            values[at + 2] = rate;
            values[at + 3] = part;
            values[at + 4] = sufficient ? 2 : 1;
        }
    }

    /// <summary>clamp(base + bonus − deductions, 0, max); without adjustments (both 0m) the base itself, as decimal gives it.</summary>
    private decimal Final(decimal trackBase, decimal bonus, decimal deductions)
    {
        if (DecimalBits.IsPlainZero(bonus) && DecimalBits.IsPlainZero(deductions)
            && plan.MaxTotalScaled != long.MinValue && DecimalBits.TryScaled(trackBase, out var scaled)
            && !decimal.IsNegative(trackBase) && scaled <= plan.MaxTotalScaled)
        {
            return trackBase;
        }
        return Math.Clamp(trackBase + bonus - deductions, 0m, _scheme.MaxTotal);
    }

    private (decimal Primary, IReadOnlyDictionary<string, decimal> Tracks) TrackTotals(decimal[] scores, decimal[][] weights)
    {
        var tracks = _scheme.Tracks;
        var n = plan.Indicators.Length;
        if (tracks.Count == 1)
        {
            // An override scheme copied one group's aggregates: their sum is the group total already stored.
            foreach (var g in plan.Priority)
            {
                if (ReferenceEquals(weights, plan.OverrideWeights[g]))
                {
                    return (scores[plan.Shape.Meta(g) + 3], plan.EmptyTracks);
                }
            }
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

/// <summary>The working arrays of <see cref="SubjectScorer"/> for a run scored on one thread (no pool per subject).</summary>
internal sealed class ScoreScratch(decimal[] entries, decimal[] values, int[] tallies)
{
    private RaterSubmission[] _submissions = new RaterSubmission[4];

    /// <summary>
    /// The submissions as a span: an array's or a list's own, else copied into a buffer reused from subject to subject
    /// (a read-only list of another type is read once, not once per use).
    /// </summary>
    public ReadOnlySpan<RaterSubmission> Submissions(IReadOnlyList<RaterSubmission>? list)
    {
        switch (list)
        {
            case null:
                return default;
            case RaterSubmission[] array:
                return array;
            case List<RaterSubmission> items:
                return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
        }
        var n = list.Count;
        if (_submissions.Length < n)
        {
            _submissions = new RaterSubmission[n];
        }
        for (var i = 0; i < n; i++)
        {
            _submissions[i] = list[i];
        }
        return _submissions.AsSpan(0, n);
    }

    /// <summary>Each submission's entries (grown when a subject has more submissions).</summary>
    public decimal[] Entries { get; set; } = entries;

    /// <summary>The explanation layout's numbers, exactly <see cref="Results.ExplanationShape.Length"/> long.</summary>
    public decimal[] Values { get; } = values;

    /// <summary>The ballots' counts, exactly <see cref="SchemePlan.TallyLength"/> long.</summary>
    public int[] Tallies { get; } = tallies;
}

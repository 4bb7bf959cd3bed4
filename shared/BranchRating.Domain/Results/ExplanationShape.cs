namespace BranchRating.Domain.Results;

/// <summary>
/// What every explanation of one scheme shares: the indicator and group ids and the "no scores" array. An
/// explanation built by the engine keeps only its numbers (<see cref="Explanation"/>'s compact form, one array)
/// and reads the ids from here when its lines are first read.
/// </summary>
/// <remarks>
/// Layout of the compact values of n indicators and G groups: [0, n) the indicator scores; then per group g the
/// block [n + g·n, n + g·n + n) with its aggregates (meaningful only when sufficient); then per group g four
/// numbers at n + G·n + 4g: rater count, proposed level (−1 = none), sufficient (1/0), total of its aggregates;
/// then per ballot five numbers (see <see cref="BallotStart"/>).
/// </remarks>
internal sealed class ExplanationShape(string[] indicators, string[] groups, string[] ballots)
{
    public string[] Indicators { get; } = indicators;

    public string[] Groups { get; } = groups;

    public string[] Ballots { get; } = ballots;

    public decimal?[] NoScores { get; } = new decimal?[indicators.Length];

    public int Length => Indicators.Length * (1 + Groups.Length) + 4 * Groups.Length + 5 * Ballots.Length;

    /// <summary>Ballot b's five numbers: valid, eligible, satisfaction, participation, state (0 no tally, 1 insufficient, 2 sufficient).</summary>
    public int BallotStart(int b) => Indicators.Length * (1 + Groups.Length) + 4 * Groups.Length + 5 * b;

    public BallotLine[] BallotLines(ReadOnlySpan<decimal> values)
    {
        if (Ballots.Length == 0)
        {
            return [];
        }
        var lines = new BallotLine[Ballots.Length];
        for (var b = 0; b < lines.Length; b++)
        {
            var at = BallotStart(b);
            lines[b] = values[at + 4] == 0
                ? new BallotLine(Ballots[b], 0, 0, null, null, false)
                : new BallotLine(Ballots[b], (int)values[at], (int)values[at + 1], values[at + 2], values[at + 3], values[at + 4] == 2);
        }
        return lines;
    }

    /// <summary>A ballot's satisfaction rate (null without a tally); false when the scheme has no such ballot.</summary>
    public bool TrySatisfaction(ReadOnlySpan<decimal> values, string ballot, out decimal? rate)
    {
        for (var b = 0; b < Ballots.Length; b++)
        {
            if (string.Equals(Ballots[b], ballot, StringComparison.Ordinal))
            {
                var at = BallotStart(b);
                rate = values[at + 4] == 0 ? null : values[at + 2];
                return true;
            }
        }
        rate = null;
        return false;
    }

    public int GroupStart(int g) => Indicators.Length * (1 + g);

    public int Meta(int g) => Indicators.Length * (1 + Groups.Length) + 4 * g;

    public IndicatorLine[] IndicatorLines(ReadOnlySpan<decimal> values)
    {
        var lines = new IndicatorLine[Indicators.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new IndicatorLine(Indicators[i], values[i]);
        }
        return lines;
    }

    public GroupLine[] GroupLines(ReadOnlySpan<decimal> values, decimal[][] weights)
    {
        var lines = new GroupLine[Groups.Length];
        for (var g = 0; g < lines.Length; g++)
        {
            var meta = Meta(g);
            var sufficient = values[meta + 2] != 0;
            var proposed = (int)values[meta + 1];
            decimal?[] scores = NoScores;
            if (sufficient)
            {
                scores = new decimal?[Indicators.Length];
                var start = GroupStart(g);
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = values[start + i];
                }
            }
            lines[g] = new GroupLine(Groups[g], (int)values[meta], Total(values, g), sufficient, proposed < 0 ? null : proposed, scores, weights[g]);
        }
        return lines;
    }

    /// <summary>The group's total, null when insufficient (stored by <see cref="StoreTotal"/>).</summary>
    public decimal? Total(ReadOnlySpan<decimal> values, int g)
    {
        var meta = Meta(g);
        return Rating.DecimalBits.IsZero(values[meta + 2]) ? null : values[meta + 3];
    }

    /// <summary>Stores the group's total: its aggregates summed in indicator order.</summary>
    public void StoreTotal(Span<decimal> values, int g)
    {
        values[Meta(g) + 3] = Rating.ExactSum.Of(values.Slice(GroupStart(g), Indicators.Length));
    }

    public int GroupIndex(string id)
    {
        for (var g = 0; g < Groups.Length; g++)
        {
            if (string.Equals(Groups[g], id, StringComparison.Ordinal))
            {
                return g;
            }
        }
        return -1;
    }
}

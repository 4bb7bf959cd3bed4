using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>
/// The engine sums points as scaled integers where that is exact: totals must equal, bit for bit (value and
/// scale), what adding the decimals one by one gives — whatever the entries' decimals, zeros included.
/// </summary>
public sealed class ExactArithmeticTests
{
    /// <summary>An entry of 0 … 10 with 0 … 5 decimals (5 is rounded to the scheme's 2), trailing zeros kept, zeros frequent.</summary>
    private static Gen<decimal> Entry =>
        from scale in Gen.Choose(0, 5)
        from zero in Gen.Choose(0, 5)
        from mantissa in Gen.Choose(0, 1000)
        select zero == 0 ? new decimal(0, 0, 0, false, (byte)scale) : Math.Min(10m, new decimal(mantissa * (int)Math.Pow(10, Math.Max(0, scale - 2)), 0, 0, false, (byte)scale));

    private static Arbitrary<decimal[]> Entries => Gen.ArrayOf(Entry, 20).ToArbitrary();

    private static decimal Reference(IEnumerable<decimal> values)
    {
        decimal sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }

    private static decimal Rounded(decimal v) => v.Scale <= 2 ? v : Math.Round(v, 2, MidpointRounding.AwayFromZero);

    private static SubjectInput Input(decimal[] entries) => new()
    {
        Code = "X",
        Scopes = new Dictionary<string, string> { ["county"] = "C01" },
        Submissions =
        [
            new RaterSubmission { Group = "self", Rater = "committee", Scores = Scores(entries.AsSpan(0, 10)) },
            new RaterSubmission { Group = "superior", Rater = "team", Scores = Scores(entries.AsSpan(10, 10)) },
        ],
        Ballots = new Dictionary<string, BallotTally>
        {
            ["members"] = new() { Eligible = 40, Counts = new Dictionary<string, int> { ["satisfied"] = 40, ["basically-satisfied"] = 0, ["dissatisfied"] = 0 } },
        },
    };

    private static Dictionary<string, decimal> Scores(ReadOnlySpan<decimal> values)
    {
        var scores = new Dictionary<string, decimal>();
        for (var i = 0; i < values.Length; i++)
        {
            scores[Anyang.Indicators[i]] = values[i];
        }
        return scores;
    }

    private static string Bits(decimal? d) => d is { } v ? string.Join(",", decimal.GetBits(v)) : "null";

    [Property(MaxTest = 200)]
    public Property Totals_are_what_decimal_addition_gives_bit_for_bit() =>
        Prop.ForAll(Entries, entries =>
        {
            var score = Anyang.Engine().Score(Input(entries));
            var self = Reference(entries.Take(10).Select(Rounded));
            var superior = Reference(entries.Skip(10).Select(Rounded));

            var groups = score.Explanation.Groups;
            return Bits(score.Totals.Base) == Bits(superior)
                && Bits(groups[0].Total) == Bits(self)
                && Bits(groups[1].Total) == Bits(superior)
                && Bits(score.SelfTotal) == Bits(self);
        });

    [Theory]
    [InlineData("7.50", "7.50")]
    [InlineData("7", "7")]
    [InlineData("0.0", "0.0")]
    [InlineData("0", "0")]
    [InlineData("6.125", "6.13")]
    public void A_single_raters_mean_keeps_the_entrys_value_and_scale(string entry, string expected)
    {
        var entries = Enumerable.Repeat(5m, 20).ToArray();
        entries[10] = decimal.Parse(entry, CultureInfo.InvariantCulture);

        var score = Anyang.Engine().Score(Input(entries));

        Assert.Equal(expected, score.Explanation.Indicators[0].Score.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected, score.Explanation.Groups[1].Scores[0]!.Value.ToString(CultureInfo.InvariantCulture));
    }
}

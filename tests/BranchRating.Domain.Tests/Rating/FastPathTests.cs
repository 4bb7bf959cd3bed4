using System.Text.Json;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>
/// The engine's shortcuts for large runs (integer percentages, ballots read once, scores kept in the run's rows,
/// hashed duplicate codes) must give exactly what the plain decimal path and the two-call API give.
/// </summary>
public sealed class FastPathTests
{
    private static string Bits(decimal? d) => d is { } v ? string.Join(",", decimal.GetBits(v)) : "null";

    private static decimal Rounded(decimal v, MidpointRounding mode) => v.Scale <= 2 ? v : Math.Round(v, 2, mode);

    private static Arbitrary<(int Satisfied, int Basically, int Dissatisfied, int Absent)> Tallies =>
        (from satisfied in Gen.Choose(0, 400)
         from basically in Gen.Choose(0, 400)
         from dissatisfied in Gen.Choose(0, 400)
         from absent in Gen.Choose(0, 400)
         select (satisfied, basically, dissatisfied, absent))
        .Where(t => t.satisfied + t.basically + t.dissatisfied > 0)
        .ToArbitrary();

    private static Scheme HalfEven { get; } = SchemeLoader.Load(
        Presets.GetJson("anyang-100").Replace("\"halfAwayFromZero\"", "\"halfEven\"", StringComparison.Ordinal));

    [Property(MaxTest = 300)]
    public Property Satisfaction_and_participation_are_what_decimal_division_and_rounding_give() =>
        Prop.ForAll(Tallies, t =>
        {
            var valid = t.Satisfied + t.Basically + t.Dissatisfied;
            var eligible = valid + t.Absent;
            var input = Anyang.Subject("X", 80m, satisfied: t.Satisfied, basically: t.Basically, dissatisfied: t.Dissatisfied, eligible: eligible);
            var ok = true;
            foreach (var (scheme, mode) in new[] { (Anyang.Scheme, MidpointRounding.AwayFromZero), (HalfEven, MidpointRounding.ToEven) })
            {
                var line = new RatingEngine(scheme).Score(input).Explanation.Ballots[0];
                decimal weighted = 0;
                weighted += t.Satisfied * 1m;
                weighted += t.Basically * 1m;
                weighted += t.Dissatisfied * 0m;
                ok &= Bits(line.Satisfaction) == Bits(Rounded(weighted * 100m / valid, mode));
                ok &= Bits(line.Participation) == Bits(Rounded(valid * 100m / eligible, mode));
            }
            return ok;
        });

    [Theory]
    [InlineData(1, 8, "12.5")] // exact at one decimal: decimal keeps scale 1
    [InlineData(1, 4, "25")] // exact integer: scale 0
    [InlineData(1, 3, "33.33")] // inexact: rounded at 2 decimals
    [InlineData(2, 3, "66.67")]
    [InlineData(1, 800, "0.13")] // 0.125 exactly: a midpoint, away from zero
    [InlineData(3, 800, "0.38")] // 0.375
    public void A_percentage_keeps_decimals_scale(int part, int whole, string expected)
    {
        var input = Anyang.Subject("X", 80m, satisfied: part, basically: 0, dissatisfied: 0, eligible: whole);

        var line = Anyang.Engine().Score(input).Explanation.Ballots[0];

        Assert.Equal(expected, line.Participation!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Counts_in_any_key_order_give_the_same_score()
    {
        var inOrder = Anyang.Subject("X", 77.5m, satisfied: 30, basically: 7, dissatisfied: 3, eligible: 45);
        var reordered = inOrder with
        {
            Ballots = new Dictionary<string, BallotTally>
            {
                ["members"] = new()
                {
                    Eligible = 45,
                    Counts = new Dictionary<string, int> { ["dissatisfied"] = 3, ["satisfied"] = 30, ["basically-satisfied"] = 7 },
                },
            },
        };
        var partial = inOrder with
        {
            Ballots = new Dictionary<string, BallotTally>
            {
                ["members"] = new() { Eligible = 45, Counts = new Dictionary<string, int> { ["satisfied"] = 30, ["basically-satisfied"] = 7 } },
            },
        };

        var a = Anyang.Engine().Score(inOrder).Explanation.Ballots[0];
        var b = Anyang.Engine().Score(reordered).Explanation.Ballots[0];
        var c = Anyang.Engine().Score(partial).Explanation.Ballots[0];

        Assert.Equal(a, b);
        Assert.Equal(37, c.Valid);
        Assert.Equal(Bits(100m), Bits(c.Satisfaction));
    }

    [Fact]
    public void A_negative_count_is_refused_even_when_every_choice_is_given()
    {
        var input = Anyang.Subject("X", 80m, satisfied: 30, basically: -2, dissatisfied: 3, eligible: 45);

        var error = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input));

        Assert.Contains(error.Errors, e => e.Path == "$.ballots.members.counts.basically-satisfied" && e.Rule == "range");
    }

    /// <summary>Ten entries of 0 … 10 at scale 0 to 4, negative zeros among them.</summary>
    private static Arbitrary<decimal[]> EntriesOfAnyScale =>
        Gen.ArrayOf(
                from scale in Gen.Choose(0, 4)
                from mantissa in Gen.Choose(0, 10 * (int)Math.Pow(10, scale))
                from negativeZero in Gen.Choose(0, 5)
                select new decimal(mantissa, 0, 0, mantissa == 0 && negativeZero == 0, (byte)scale),
                Anyang.Indicators.Length)
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property One_raters_aggregates_are_the_entries_as_the_mean_or_the_median_rounds_them() =>
        Prop.ForAll(EntriesOfAnyScale, entries =>
        {
            var ok = true;
            foreach (var method in new[] { "mean", "median" })
            {
                var scheme = SchemeLoader.Load(Presets.GetJson("anyang-100").Replace("\"mean\"", $"\"{method}\"", StringComparison.Ordinal));
                var input = Anyang.Subject("X", 80m);
                input = input with
                {
                    Submissions =
                    [
                        input.Submissions[0] with { Scores = Anyang.Indicators.Zip(entries).ToDictionary(p => p.First, p => p.Second) },
                        input.Submissions[1],
                    ],
                };
                var self = new RatingEngine(scheme).Score(input).Explanation.Groups.Single(g => g.Group == "self");
                for (var i = 0; i < entries.Length; i++)
                {
                    // What the mean of one value (0m + v) or the median (v) gives, then the scheme's rounding.
                    var aggregate = method == "mean" ? 0m + entries[i] : entries[i];
                    ok &= Bits(self.Scores[i]) == Bits(scheme.Rounding.Apply(aggregate));
                }
            }
            return ok;
        });

    /// <summary>Ten entries of 0 … 10 at scale 0, 1 or 2 each (so 5, 5.0 and 5.00 all occur), zeros included.</summary>
    private static Arbitrary<decimal[]> MixedScaleEntries =>
        Gen.ArrayOf(
                from scale in Gen.Choose(0, 2)
                from mantissa in Gen.Choose(0, scale == 0 ? 10 : scale == 1 ? 100 : 1_000)
                select new decimal(mantissa, 0, 0, false, (byte)scale),
                Anyang.Indicators.Length)
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property A_group_total_is_what_adding_its_aggregates_to_0m_one_by_one_gives() =>
        Prop.ForAll(MixedScaleEntries, MixedScaleEntries, (selfEntries, superiorEntries) =>
        {
            var input = Anyang.Subject("X", 80m);
            input = input with
            {
                Submissions =
                [
                    input.Submissions[0] with { Scores = Anyang.Indicators.Zip(selfEntries).ToDictionary(p => p.First, p => p.Second) },
                    input.Submissions[1] with { Scores = Anyang.Indicators.Zip(superiorEntries).ToDictionary(p => p.First, p => p.Second) },
                ],
            };
            var ok = true;
            foreach (var group in Anyang.Engine().Score(input).Explanation.Groups)
            {
                var sum = 0m;
                foreach (var score in group.Scores)
                {
                    sum += score!.Value;
                }
                ok &= Bits(group.Total) == Bits(sum);
            }
            return ok;
        });

    private static Arbitrary<decimal[]> Totals =>
        Gen.ArrayOf(Gen.Choose(0, 10_000).Select(v => v / 100m), 40).ToArbitrary();

    [Property(MaxTest = 50)]
    public Property Rate_gives_what_Score_each_then_Rank_gives() =>
        Prop.ForAll(Totals, totals =>
        {
            var inputs = totals.Select((t, i) => Anyang.Subject(
                $"S{i:000}",
                t,
                self: Math.Min(100m, t + 5m),
                county: i % 3 == 0 ? "C01" : "C02",
                satisfied: 20 + i,
                dissatisfied: i % 7,
                eligible: 100,
                proposed: i % 6,
                events: i % 5 == 0 ? new[] { new AdjustmentEvent { Type = "criticism-working-committee", Count = 1 } } : null)).ToArray();
            var engine = Anyang.Engine();

            var batch = JsonSerializer.Serialize(engine.Rate(inputs));
            var twoCalls = JsonSerializer.Serialize(engine.Rank(inputs.Select(engine.Score).ToArray()));

            return batch == twoCalls;
        });

    [Fact]
    public void Rate_reports_each_repeated_code_like_Rank()
    {
        var inputs = new[] { "A", "B", "A", "C", "A", "B" }.Select(code => Anyang.Subject(code, 80m)).ToArray();
        var engine = Anyang.Engine();

        var batch = Assert.Throws<RatingInputException>(() => engine.Rate(inputs));
        var twoCalls = Assert.Throws<RatingInputException>(() => engine.Rank(inputs.Select(engine.Score).ToArray()));

        Assert.Equal(["$[A]", "$[A]", "$[B]"], batch.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(twoCalls.Errors.Select(e => e.ToString()), batch.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_result_of_Rate_explains_itself_like_a_result_of_the_two_calls()
    {
        var inputs = Enumerable.Range(0, 12).Select(i => Anyang.Subject($"S{i:00}", 60m + i * 3, satisfied: 30 - i, dissatisfied: i, eligible: 40)).ToArray();
        var engine = Anyang.Engine();

        var batch = engine.Rate(inputs).Results;
        var twoCalls = engine.Rank(inputs.Select(engine.Score).ToArray()).Results;

        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(JsonSerializer.Serialize(twoCalls[i].Explanation), JsonSerializer.Serialize(batch[i].Explanation));
            Assert.Equal(twoCalls[i].Ranks, batch[i].Ranks);
        }
    }

    [Fact]
    public void Tied_subjects_are_ordered_by_code_ordinally_whatever_the_codes_look_like()
    {
        string[] codes =
        [
            "9", "10", "010", "0", "00", "1a", "1", "A1", "a1", "410500000001", "4105000000010", "41050000000010",
            "1234567890123456789", "123456789012345678", "123456789012345679", "12345678901234567", "Ⅻ", "1-2", "",
        ];
        var inputs = codes.Where(c => c.Length > 0).Select(code => Anyang.Subject(code, 80m)).ToArray();

        var ranked = Anyang.Engine().Rate(inputs).Results.Select(r => r.Code).ToArray();

        Assert.Equal(codes.Where(c => c.Length > 0).Order(StringComparer.Ordinal), ranked);
    }

    [Fact]
    public void Rate_of_a_lazy_sequence_gives_what_Rate_of_an_array_gives()
    {
        // 40 inputs from an enumerable without a count: the run's columns grow (16, 32, 64) and are trimmed to 40.
        var inputs = Enumerable.Range(0, 40).Select(i => Anyang.Subject($"S{i:00}", 50m + i, county: i % 2 == 0 ? "C01" : "C02")).ToArray();
        var engine = Anyang.Engine();

        var lazy = engine.Rate(inputs.Where(_ => true));
        var array = engine.Rate(inputs);

        Assert.Equal(40, lazy.Results.Count);
        Assert.Equal(JsonSerializer.Serialize(array), JsonSerializer.Serialize(lazy));
    }
}

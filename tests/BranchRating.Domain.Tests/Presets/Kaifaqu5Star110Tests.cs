using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// kaifaqu-5star-110 (001 篇五): 7 indicators (100) + 加分项目 (10) = 110; bands 90/80/70/60, otherwise 1★;
/// 5★ needs a county-certified innovation; 5★ ≤ 10 %, 4★ ≤ 30 % per zone (cascading); bottom 10 % of the
/// zone taken from ≤ 2★ → full rectification.
/// </summary>
public sealed class Kaifaqu5Star110Tests
{
    private const string Id = "kaifaqu-5star-110";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Org(string code, decimal committee, bool innovation = true, decimal? self = null, int? proposed = null, string zone = "Z1")
    {
        var subs = new List<RaterSubmission> { By("committee", Fill(Scheme, committee)) };
        if (self is { } s)
        {
            subs.Add(By("self", Fill(Scheme, s), proposed: proposed));
        }
        return new SubjectInput
        {
            Code = code,
            Scopes = Scope("zone", zone),
            Submissions = subs,
            Flags = innovation ? ["certified-innovation"] : [],
        };
    }

    [Fact]
    public void The_preset_has_seven_indicators_worth_100_and_a_bonus_indicator_worth_10()
    {
        Assert.Equal(110m, Scheme.MaxTotal);
        Assert.Equal(8, Scheme.Indicators.Count);
        // 15 + 15 + 15 + 15 + 10 + 15 + 15 = 100, + 加分项目 10 = 110
        Assert.Equal(100m, Scheme.Indicators.Where(i => i.Dimension == "six-haves").Sum(i => i.Max));
        Assert.Equal(10m, Scheme.FindIndicator("bonus-items")!.Max);
    }

    [Theory]
    [InlineData("110", 5)] // all 8 indicators full: 100 + 10
    [InlineData("90", 5)]  // "五星 … 得分一般在90分以上": 90 is 5★
    [InlineData("89.99", 4)]
    [InlineData("80", 4)]
    [InlineData("79.99", 3)]
    [InlineData("70", 3)]
    [InlineData("69.99", 2)]
    [InlineData("60", 2)]
    [InlineData("59.99", 1)] // below 60 the seed has no band but 一星: otherwise 1★
    [InlineData("0", 1)]
    public void A_total_out_of_110_reaches_its_band(string total, int stars)
    {
        var t = decimal.Parse(total, CultureInfo.InvariantCulture);

        var score = Engine(Id).Score(Org("K01", t));

        Assert.Equal(t, score.Totals.Final);
        Assert.Equal(stars, score.BandLevel.Ordinal);
        Assert.Equal(stars, score.Level.Ordinal);
    }

    [Fact]
    public void The_bonus_indicator_lifts_a_total_of_85_to_95()
    {
        // 85 on the seven indicators (15+15+15+15+10+15 = 85, 群众评价 0) + 加分项目 10 = 95 → 5★ with innovation
        var scores = Fill(Scheme, 85);
        scores["bonus-items"] = 10;

        var score = Engine(Id).Score(new SubjectInput { Code = "K01", Scopes = Scope("zone", "Z1"), Submissions = [By("committee", scores)], Flags = ["certified-innovation"] });

        Assert.Equal(95m, score.Totals.Base);
        Assert.Equal(5, score.Level.Ordinal);
    }

    [Fact]
    public void Without_a_certified_innovation_a_total_of_95_is_capped_at_four_stars()
    {
        var score = Engine(Id).Score(Org("K01", 95, innovation: false));

        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(4, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("cap", "no-certified-innovation", 5, 4), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
    }

    [Fact]
    public void The_committee_replaces_the_self_assessment_and_a_gap_of_two_stars_is_flagged()
    {
        // self 96 proposing 5★, committee 72 → final 72 (3★); |5 − 3| = 2 ≥ 2 and 96 − 72 = 24 ≥ 15 → discrepancy
        var run = Engine(Id).Rate([Org("K01", 72, self: 96, proposed: 5)]);

        var r = ResultOf(run, "K01");
        Assert.Equal(72m, r.Totals.Final);
        Assert.Equal(3, r.FinalLevel.Ordinal);
        Assert.Contains("discrepancy", r.Flags);
    }

    [Fact]
    public void A_self_total_14_points_above_and_one_star_apart_is_not_flagged()
    {
        // self 86 proposing 4★, committee 72 (3★): |4 − 3| = 1 < 2 and 86 − 72 = 14 < 15
        var run = Engine(Id).Rate([Org("K01", 72, self: 86, proposed: 4)]);

        Assert.DoesNotContain("discrepancy", ResultOf(run, "K01").Flags);
    }

    [Fact]
    public void Overflow_at_five_stars_cascades_into_the_four_star_cap()
    {
        // Zone of N = 10: 5★ ≤ floor(0.10·10) = 1, 4★ ≤ floor(0.30·10) = 3.
        // Banded: 95, 93, 91 → 5★; 85, 84, 83 → 4★; 75, 74, 73, 72 → 3★.
        // 5★ cap: keep 95 (K01); 93 (K02) and 91 (K03) move down to 4★ → 4★ = {93, 91, 85, 84, 83} = 5.
        // 4★ cap: keep the top 3 (93, 91, 85); 84 (K05) and 83 (K06) move down to 3★.
        decimal[] totals = [95, 93, 91, 85, 84, 83, 75, 74, 73, 72];
        var inputs = totals.Select((t, i) => Org($"K{i + 1:00}", t)).ToArray();

        var run = Engine(Id).Rate(inputs);

        Assert.Equal([5, 4, 4, 4, 3, 3, 3, 3, 3, 3], inputs.Select(x => LevelOf(run, x.Code)));
        var k02 = ResultOf(run, "K02").LevelChanges.Single();
        Assert.Equal(("quota-cap", "five-star-cap", 5, 4), (k02.Reason, k02.Rule, k02.From.Ordinal, k02.To.Ordinal));
        var k05 = ResultOf(run, "K05").LevelChanges.Single();
        Assert.Equal(("quota-cap", "four-star-cap", 4, 3), (k05.Reason, k05.Rule, k05.From.Ordinal, k05.To.Ordinal));
        Assert.Empty(ResultOf(run, "K04").LevelChanges);
        var five = QuotaOf(run, "five-star-cap", "Z1");
        Assert.Equal((10, 1, 3, 1, 2, true), (five.N, five.Bound, five.Before, five.After, five.Moved, five.Met));
        var four = QuotaOf(run, "four-star-cap", "Z1");
        // before the 4★ cap runs: 3 banded + 2 demoted = 5; after: 3
        Assert.Equal((3, 5, 3, 2), (four.Bound, four.Before, four.After, four.Moved));
    }

    [Fact]
    public void The_forty_and_twenty_percent_shares_are_reported_not_enforced()
    {
        // Same zone as above: after the caps 3★ = 6 > floor(0.40·10) = 4 → target not met;
        // ≤ 2★ = 0 < ceil(0.20·10) = 2 → target not met; nobody is moved for a target.
        decimal[] totals = [95, 93, 91, 85, 84, 83, 75, 74, 73, 72];
        var run = Engine(Id).Rate(totals.Select((t, i) => Org($"K{i + 1:00}", t)));

        var three = QuotaOf(run, "three-star-target", "Z1");
        Assert.Equal((4, 6, false, 0), (three.Bound, three.After, three.Met, three.Moved));
        var low = QuotaOf(run, "two-star-or-below-target", "Z1");
        Assert.Equal((2, 0, false, 0), (low.Bound, low.After, low.Met, low.Moved));
    }

    [Fact]
    public void Two_five_star_organizations_tied_on_every_score_are_separated_by_code_whatever_the_input_order()
    {
        // N = 10: one 5★ allowed. K01 and K02 both 95 (committee total 95 too): the code decides, K02 goes to 4★.
        var inputs = new[] { Org("K02", 95), Org("K01", 95) }
            .Concat(Enumerable.Range(3, 8).Select(i => Org($"K{i:00}", 70)))
            .ToArray();

        var forward = Engine(Id).Rate(inputs);
        var backward = Engine(Id).Rate(inputs.Reverse());

        Assert.Equal(5, LevelOf(forward, "K01"));
        Assert.Equal(4, LevelOf(forward, "K02"));
        Assert.Equal(forward.Results.Select(r => (r.Code, r.FinalLevel.Ordinal)), backward.Results.Select(r => (r.Code, r.FinalLevel.Ordinal)));
        // competition ranks in the zone: both 95 share rank 1, then the eight 70s share rank 3
        Assert.Equal(1, ResultOf(forward, "K02").Ranks.Single().Rank);
        Assert.Equal(3, ResultOf(forward, "K03").Ranks.Single().Rank);
    }

    [Fact]
    public void Exactly_the_allowed_number_of_five_stars_moves_nobody()
    {
        // N = 20: floor(0.10·20) = 2 five-stars allowed; two 5★ stay.
        var inputs = new[] { Org("K01", 100), Org("K02", 90) }.Concat(Enumerable.Range(3, 18).Select(i => Org($"K{i:00}", 70))).ToArray();

        var run = Engine(Id).Rate(inputs);

        Assert.Equal(5, LevelOf(run, "K01"));
        Assert.Equal(5, LevelOf(run, "K02"));
        Assert.Equal(0, QuotaOf(run, "five-star-cap", "Z1").Moved);
    }

    [Fact]
    public void The_bottom_ten_percent_of_the_zone_taken_from_two_stars_or_below_go_to_full_rectification()
    {
        // N = 20 → ceil(0.10·20) = 2 full rectifications, the lowest-ranked of the ≤ 2★ ones: 40 (1★) and 55 (1★);
        // 65 (2★) gets only the ordinary rectification flag; 75 (3★) none.
        var inputs = Enumerable.Range(1, 17).Select(i => Org($"K{i:00}", 75))
            .Append(Org("K18", 65)).Append(Org("K19", 55)).Append(Org("K20", 40)).ToArray();

        var run = Engine(Id).Rate(inputs);

        Assert.Equal(2, LevelOf(run, "K18"));
        Assert.Equal(1, LevelOf(run, "K19"));
        Assert.Contains("rectification:full-rectification", ResultOf(run, "K20").Flags);
        Assert.Contains("rectification:full-rectification", ResultOf(run, "K19").Flags);
        Assert.DoesNotContain("rectification:full-rectification", ResultOf(run, "K18").Flags);
        Assert.Contains("rectification:two-star-or-below", ResultOf(run, "K18").Flags);
        Assert.DoesNotContain(ResultOf(run, "K01").Flags, f => f.StartsWith("rectification:", StringComparison.Ordinal));
    }

    [Fact]
    public void Quotas_are_counted_per_zone()
    {
        // Two zones of 10: each allows one 5★; Z1 has two (K01 95, K02 92) → K02 to 4★; Z2 has one → kept.
        var z1 = new[] { Org("K01", 95), Org("K02", 92) }.Concat(Enumerable.Range(3, 8).Select(i => Org($"K{i:00}", 70)));
        var z2 = new[] { Org("L01", 91, zone: "Z2") }.Concat(Enumerable.Range(2, 9).Select(i => Org($"L{i:00}", 70, zone: "Z2")));

        var run = Engine(Id).Rate(z1.Concat(z2));

        Assert.Equal(4, LevelOf(run, "K02"));
        Assert.Equal(5, LevelOf(run, "L01"));
    }
}

using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// village-3-7 (001 篇十二): each indicator's final score = 0.3 × self + 0.7 × township committee (3:7);
/// stars counted (逐星评定); a scored star needs 20 of 25; 群众满意星 needs ≥ 80 % of the sampled households
/// (sample ≥ 10 % of households, else flagged).
/// </summary>
public sealed class Village37Tests
{
    private const string Id = "village-3-7";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Village(string code, IReadOnlyDictionary<string, decimal> self, IReadOnlyDictionary<string, decimal> township, BallotTally? households = null, int? proposed = null) =>
        Subject(code, Scope("township", "X1"), By("self", self, proposed: proposed), By("township", township)) with
        {
            Ballots = new Dictionary<string, BallotTally> { ["households"] = households ?? Tally(200, 20) },
        };

    private static Dictionary<string, decimal> Four(decimal leadership, decimal prosperity, decimal tidy, decimal democracy) => new()
    {
        ["leadership"] = leadership, ["prosperity"] = prosperity, ["tidy-village"] = tidy, ["democracy"] = democracy,
    };

    [Fact]
    public void Each_indicator_is_weighted_three_to_seven()
    {
        // 班子建设: 0.3·25 + 0.7·15 = 7.5 + 10.5 = 18   (< 20: no star)
        // 发展致富: 0.3·10 + 0.7·25 = 3 + 17.5 = 20.5   (star)
        // 村容整洁: 0.3·20 + 0.7·20 = 20                (star, at the threshold)
        // 民主管理: 0.3·0 + 0.7·24 = 16.8              (no star)
        // total 18 + 20.5 + 20 + 16.8 = 75.3; 群众满意星 20 of 20 households satisfied → 3 stars
        var score = Engine(Id).Score(Village("V01", Four(25, 10, 20, 0), Four(15, 25, 20, 24)));

        Assert.Equal([18m, 20.5m, 20m, 16.8m], score.Explanation.Indicators.Select(l => l.Score));
        Assert.Equal(75.3m, score.Totals.Final);
        Assert.Equal(3, score.Level.Ordinal);
        Assert.Equal([false, true, true, false, true], score.Explanation.Stars.Select(s => s.Earned));
        var parts = score.Explanation.PartsOf("leadership");
        Assert.Equal([("self", 25m, 0.3m), ("township", 15m, 0.7m)], parts.Select(p => (p.Group, p.Score!.Value, p.Weight)));
    }

    [Theory]
    [InlineData("17.86", "20.00", true)]  // 7.5 + 12.502 = 20.002 → 20.00
    [InlineData("17.85", "20.00", true)]  // 7.5 + 12.495 = 19.995 → 20.00 (rounded half away from zero to 2 places, then compared)
    [InlineData("17.84", "19.99", false)] // 7.5 + 12.488 = 19.988 → 19.99
    public void The_combined_score_is_rounded_to_two_places_before_the_star_threshold(string township, string combined, bool earned)
    {
        var t = decimal.Parse(township, System.Globalization.CultureInfo.InvariantCulture);

        var score = Engine(Id).Score(Village("V01", Four(25, 0, 0, 0), Four(t, 0, 0, 0)));

        Assert.Equal(decimal.Parse(combined, System.Globalization.CultureInfo.InvariantCulture), score.Explanation.Indicators[0].Score);
        Assert.Equal(earned, score.Explanation.Stars[0].Earned);
    }

    [Theory]
    [InlineData(16, 0, 4, true)]   // 16 / 20 = 80 % → 群众满意星
    [InlineData(15, 1, 4, true)]   // (15 + 1) / 20 = 80 %: 基本满意 counts
    [InlineData(15, 0, 5, false)]  // 15 / 20 = 75 % < 80 %: 不得授予
    public void The_mass_satisfaction_star_needs_eighty_percent_of_the_sampled_households(int satisfied, int basically, int dissatisfied, bool earned)
    {
        // all four scored stars earned (25 from both groups), so the level is 4 + the satisfaction star
        var score = Engine(Id).Score(Village("V01", Four(25, 25, 25, 25), Four(25, 25, 25, 25), Tally(200, satisfied, basically, dissatisfied)));

        Assert.Equal(earned, score.Explanation.Stars.Single(s => s.Star == "mass-satisfaction").Earned);
        Assert.Equal(earned ? 5 : 4, score.Level.Ordinal);
    }

    [Fact]
    public void A_sample_under_ten_percent_of_households_is_flagged_but_its_rate_still_counts()
    {
        // 19 ballots of 200 households = 9.5 % < 10 %; 19 of 19 satisfied = 100 % → star earned, flag set
        var score = Engine(Id).Score(Village("V01", Four(25, 25, 25, 25), Four(25, 25, 25, 25), Tally(200, 19)));

        Assert.Contains("insufficient-participation:households", score.Flags);
        Assert.Equal(5, score.Level.Ordinal);
        var line = Assert.Single(score.Explanation.Ballots);
        Assert.Equal((9.5m, 100m, false), (line.Participation, line.Satisfaction, line.Sufficient));
    }

    [Fact]
    public void Exactly_ten_percent_of_households_is_enough()
    {
        // 20 of 200 = 10 %
        var score = Engine(Id).Score(Village("V01", Four(25, 25, 25, 25), Four(25, 25, 25, 25), Tally(200, 20)));

        Assert.DoesNotContain("insufficient-participation:households", score.Flags);
    }

    [Fact]
    public void Without_the_household_tally_the_input_is_refused()
    {
        var input = Village("V01", Four(25, 25, 25, 25), Four(25, 25, 25, 25)) with { Ballots = new Dictionary<string, BallotTally>() };

        var ex = Assert.Throws<RatingInputException>(() => Engine(Id).Score(input));

        Assert.Contains(ex.Errors, e => e is { Path: "$.ballots.households", Rule: "required" });
    }

    [Fact]
    public void Without_the_township_score_the_weighted_combination_refuses_the_input()
    {
        var input = Subject("V01", Scope("township", "X1"), By("self", Four(25, 25, 25, 25))) with
        {
            Ballots = new Dictionary<string, BallotTally> { ["households"] = Tally(200, 20) },
        };

        Assert.Throws<RatingInputException>(() => Engine(Id).Score(input));
    }

    [Fact]
    public void A_village_proposing_five_stars_and_reaching_three_is_flagged()
    {
        // self proposes 5; combined gives 3 stars (as in the first example): |5 − 3| = 2 → discrepancy
        var run = Engine(Id).Rate([Village("V01", Four(25, 10, 20, 0), Four(15, 25, 20, 24), proposed: 5)]);

        Assert.Contains("discrepancy", ResultOf(run, "V01").Flags);
    }
}

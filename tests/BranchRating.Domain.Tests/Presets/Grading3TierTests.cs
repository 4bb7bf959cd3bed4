using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// grading-3tier (000 三㈠3): 支部自评 0.2 + 所党委点评 0.5 + 群众第三方评估 0.3 (a satisfaction ballot: rate × each
/// indicator's points); 先进 ≥ 85, 一般 ≥ 60, otherwise 后进 (flagged for a rectification notice).
/// </summary>
public sealed class Grading3TierTests
{
    private const string Id = "grading-3tier";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Branch(string code, decimal self, decimal superior, BallotTally masses, int? proposed = null) =>
        Subject(code, Scope("committee", "S1"), By("self", Fill(Scheme, self), proposed: proposed), By("superior", Fill(Scheme, superior))) with
        {
            Ballots = new Dictionary<string, BallotTally> { ["masses"] = masses },
        };

    [Fact]
    public void Fifteen_items_of_the_three_fives_add_up_to_100()
    {
        // 五个要素 5 × 8 + 五个体系 5 × 7 + 五务合一 5 × 5 = 40 + 35 + 25
        Assert.Equal(15, Scheme.Indicators.Count);
        Assert.Equal([40m, 35m, 25m], Scheme.Dimensions.Select(d => d.Indicators.Sum(i => i.Max)));
    }

    [Fact]
    public void Self_superior_and_masses_combine_twenty_fifty_thirty()
    {
        // self 100, superior 80, masses 18 of 20 satisfied = 90 % (each indicator: 0.9 × its points)
        // 0.2 × 100 + 0.5 × 80 + 0.3 × 90 = 20 + 40 + 27 = 87 → 先进
        // 基本组织 (8): 0.2 × 8 + 0.5 × 8 + 0.3 × 7.2 = 1.6 + 4 + 2.16 = 7.76
        var score = Engine(Id).Score(Branch("S01", 100, 80, Tally(25, 18, 0, 2)));

        Assert.Equal(87m, score.Totals.Final);
        Assert.Equal("先进", score.Level.Label);
        var first = score.Explanation.Indicators[0];
        Assert.Equal(7.76m, first.Score);
        Assert.Equal([("self", 8m, 0.2m), ("superior", 8m, 0.5m), ("masses", 7.2m, 0.3m)], score.Explanation.PartsOf("basic-organization").Select(g => (g.Group, g.Score!.Value, g.Weight)));
        Assert.Equal(90m, score.Explanation.Ballots.Single().Satisfaction);
    }

    [Theory]
    [InlineData("70", 2)]     // 0.2 × 100 + 0.5 × 70 + 0.3 × 100 = 20 + 35 + 30 = 85 → 先进
    [InlineData("69.98", 1)]  // 20 + 34.99 + 30 = 84.99 → 一般
    public void Around_the_85_boundary(string superior, int tier)
    {
        var score = Engine(Id).Score(Branch("S01", 100, decimal.Parse(superior, System.Globalization.CultureInfo.InvariantCulture), Tally(20, 20)));

        Assert.Equal(tier, score.Level.Ordinal);
        Assert.Equal(tier == 2 ? 85m : 84.99m, score.Totals.Final);
    }

    [Theory]
    [InlineData("60", 1)]     // 0.2 × 0 + 0.5 × 60 + 0.3 × 100 = 30 + 30 = 60 → 一般
    [InlineData("59.98", 0)]  // 29.99 + 30 = 59.99 → 后进
    public void Around_the_60_boundary(string superior, int tier)
    {
        var run = Engine(Id).Rate([Branch("S01", 0, decimal.Parse(superior, System.Globalization.CultureInfo.InvariantCulture), Tally(20, 20))]);

        var r = ResultOf(run, "S01");
        Assert.Equal(tier, r.FinalLevel.Ordinal);
        Assert.Equal(tier == 0, r.Flags.Contains("rectification:lagging"));
    }

    [Fact]
    public void Basically_satisfied_counts_toward_the_mass_rate()
    {
        // masses: 10 满意 + 10 基本满意 + 0 不满意 = 100 %: 0.2 × 100 + 0.5 × 50 + 0.3 × 100 = 75 → 一般
        // masses: 10 满意 + 0 + 10 不满意 = 50 %:        20 + 25 + 15 = 60 → 一般
        var full = Engine(Id).Score(Branch("S01", 100, 50, Tally(20, 10, 10, 0)));
        var half = Engine(Id).Score(Branch("S02", 100, 50, Tally(20, 10, 0, 10)));

        Assert.Equal(75m, full.Totals.Final);
        Assert.Equal(60m, half.Totals.Final);
    }

    [Fact]
    public void Without_the_mass_evaluation_the_input_is_refused()
    {
        var input = Branch("S01", 100, 80, Tally(20, 20)) with { Ballots = new Dictionary<string, BallotTally>() };

        var ex = Assert.Throws<RatingInputException>(() => Engine(Id).Score(input));

        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public void A_branch_grading_itself_advanced_and_ending_lagging_is_flagged()
    {
        // self 100 proposing 先进 (2); superior 20, masses 50 %: 20 + 10 + 15 = 45 → 后进: |2 − 0| = 2 → discrepancy
        var run = Engine(Id).Rate([Branch("S01", 100, 20, Tally(20, 10, 0, 10), proposed: 2)]);

        var r = ResultOf(run, "S01");
        Assert.Equal((45m, 0), (r.Totals.Final, r.FinalLevel.Ordinal));
        Assert.Contains("discrepancy", r.Flags);
    }
}

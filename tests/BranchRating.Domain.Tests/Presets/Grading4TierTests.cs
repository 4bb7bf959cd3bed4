using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// grading-4tier (002 三1): seven survey points (6 × 15 + 10); the superior decides; 先进 ≥ 85, 较好 ≥ 75,
/// 一般 ≥ 60, otherwise 后进; the mass appraisal breaks ties.
/// </summary>
public sealed class Grading4TierTests
{
    private const string Id = "grading-4tier";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Branch(string code, decimal superior, decimal? self = null, BallotTally? masses = null)
    {
        var input = Subject(code, Scope("committee", "C1"), By("superior", Fill(Scheme, superior)), By("self", Fill(Scheme, self ?? superior)));
        return masses is null ? input : input with { Ballots = new Dictionary<string, BallotTally> { ["masses"] = masses } };
    }

    [Theory]
    [InlineData("100", 3)]
    [InlineData("85", 3)]
    [InlineData("84.99", 2)]
    [InlineData("75", 2)]
    [InlineData("74.99", 1)]
    [InlineData("60", 1)]
    [InlineData("59.99", 0)]
    public void Four_tiers_at_and_around_every_boundary(string total, int tier)
    {
        var t = decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture);

        var score = Engine(Id).Score(Branch("C01", t));

        Assert.Equal(t, score.Totals.Final);
        Assert.Equal(tier, score.Level.Ordinal);
    }

    [Fact]
    public void The_tier_labels_run_from_lagging_to_advanced()
    {
        Assert.Equal(["后进", "一般", "较好", "先进"], Scheme.Levels.Select(l => l.Label));
    }

    [Fact]
    public void The_superior_decides_even_when_the_self_assessment_is_higher()
    {
        // self 95 (先进), superior 74 (一般): the superior's 74 is the total
        var score = Engine(Id).Score(Branch("C01", 74, self: 95));

        Assert.Equal(74m, score.Totals.Final);
        Assert.Equal("一般", score.Level.Label);
        Assert.Equal(95m, score.SelfTotal);
    }

    [Fact]
    public void Equal_totals_are_ranked_by_the_mass_appraisal_then_code()
    {
        // all 80 (较好): C02 90 % satisfied, C01 80 %, C03 no appraisal (ranks last) → C02 1, C01 2, C03 3
        var run = Engine(Id).Rate(
        [
            Branch("C01", 80, masses: Tally(20, 16, 0, 4)),
            Branch("C02", 80, masses: Tally(20, 18, 0, 2)),
            Branch("C03", 80),
        ]);

        Assert.Equal([2, 1, 3], new[] { "C01", "C02", "C03" }.Select(c => ResultOf(run, c).Ranks.Single().Rank));
    }

    [Fact]
    public void Lagging_branches_are_flagged_for_rectification()
    {
        var run = Engine(Id).Rate([Branch("C01", 59), Branch("C02", 60)]);

        Assert.Contains("rectification:lagging", ResultOf(run, "C01").Flags);
        Assert.DoesNotContain("rectification:lagging", ResultOf(run, "C02").Flags);
    }
}

using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>anyang-100 bands 90/80/70/60/50 (001 篇十一 (二)), at and around every boundary.</summary>
public sealed class BandTests
{
    [Theory]
    [InlineData("100", 5)]
    [InlineData("90", 5)]
    [InlineData("89.99", 4)]
    [InlineData("89.5", 4)]
    [InlineData("80", 4)]
    [InlineData("79.99", 3)]
    [InlineData("70", 3)]
    [InlineData("69.99", 2)]
    [InlineData("60", 2)]
    [InlineData("59.99", 1)]
    [InlineData("50", 1)]
    [InlineData("49.99", 0)]
    [InlineData("0", 0)]
    public void A_total_reaches_the_band_whose_lower_bound_it_meets(string total, int stars)
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), score.Totals.Final);
        Assert.Equal(stars, score.BandLevel.Ordinal);
        Assert.Equal(stars, score.Level.Ordinal);
        Assert.Empty(score.LevelChanges);
    }

    [Fact]
    public void The_band_explanation_names_the_threshold_and_the_level()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 91.5m));

        Assert.Equal("final ≥ 90 → 5 五星级", score.Explanation.Band);
        Assert.Equal("五星级", score.Level.Label);
    }

    [Fact]
    public void The_superior_replaces_the_self_assessment_which_is_kept_for_comparison()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", superior: 72, self: 95, proposed: 5));

        Assert.Equal(72m, score.Totals.Base);
        Assert.Equal(3, score.Level.Ordinal);
        Assert.Equal(95m, score.SelfTotal);
        Assert.Equal(5, score.SelfProposedLevel);
        var first = score.Explanation.Indicators[0];
        Assert.Equal("organization", first.Indicator);
        Assert.Equal(10m, first.Score);
        Assert.Equal([("self", 10m, 0m), ("superior", 10m, 1m)], score.Explanation.PartsOf("organization").Select(g => (g.Group, g.Score!.Value, g.Weight)));
        Assert.Equal(95m, score.Explanation.Groups[0].Total);
        Assert.Equal(72m, score.Explanation.Groups[1].Total);
    }

    [Fact]
    public void Without_a_superior_review_the_self_assessment_gives_the_score()
    {
        var input = Anyang.Subject("A", superior: 0, self: 83) with { Submissions = [Anyang.Subject("A", 83).Submissions[0]] };

        var score = Anyang.Engine().Score(input);

        Assert.Equal(83m, score.Totals.Final);
        Assert.Equal(4, score.Level.Ordinal);
    }
}

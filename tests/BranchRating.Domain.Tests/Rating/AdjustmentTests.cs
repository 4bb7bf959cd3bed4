using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Bonuses and deductions of 001 篇十一 (三) as configured in anyang-100.</summary>
public sealed class AdjustmentTests
{
    [Fact]
    public void Only_the_highest_commendation_counts()
    {
        var input = Anyang.Subject("A", 70, events: [Anyang.Event("commendation", level: "city"), Anyang.Event("commendation", level: "national"), Anyang.Event("commendation", level: "province")]);

        var score = Anyang.Engine().Score(input);

        Assert.Equal(8m, score.Totals.Bonus);
        Assert.Equal(78m, score.Totals.Final);
        var line = Assert.Single(score.Explanation.Adjustments);
        Assert.Equal(("commendation", "bonus", 8m), (line.Item, line.Kind, line.Points));
        Assert.Contains("highest of 3 events", line.Detail);
    }

    [Fact]
    public void The_bonus_total_is_capped_at_ten()
    {
        // national commendation 8 + province innovation 5 = 13 → capped at 10: 75 + 10 = 85 (4★).
        var input = Anyang.Subject("A", 75, events: [Anyang.Event("commendation", level: "national"), Anyang.Event("innovation", level: "province")]);

        var score = Anyang.Engine().Score(input);

        Assert.Equal(10m, score.Totals.Bonus);
        Assert.Equal(85m, score.Totals.Final);
        Assert.Equal(4, score.Level.Ordinal);
        Assert.Contains(score.Explanation.Adjustments, a => a is { Kind: "bonus-cap", Points: -3m });
    }

    [Fact]
    public void A_bonus_can_lift_a_subject_across_a_band_boundary()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 87, events: [Anyang.Event("commendation", level: "city")]));

        Assert.Equal(90m, score.Totals.Final);
        Assert.Equal(5, score.Level.Ordinal);
    }

    [Theory]
    [InlineData("criticism-working-committee", 1, 3)]
    [InlineData("criticism-working-committee", 2, 6)]
    [InlineData("criticism-city-committee", 1, 5)]
    [InlineData("leader-warning", 2, 6)]
    [InlineData("leader-removal", 1, 5)]
    [InlineData("member-violation", 3, 6)]
    [InlineData("absence", 2, 6)]
    public void Each_deduction_is_taken_per_event(string type, int count, int points)
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 90, events: [Anyang.Event(type, count)]));

        Assert.Equal(points, score.Totals.Deductions);
        Assert.Equal(90m - points, score.Totals.Final);
        var line = Assert.Single(score.Explanation.Adjustments);
        Assert.Equal((type, "deduction", (decimal)points), (line.Item, line.Kind, line.Points));
    }

    [Fact]
    public void Deductions_add_up_across_items()
    {
        var events = new[] { Anyang.Event("criticism-city-committee"), Anyang.Event("leader-warning"), Anyang.Event("member-violation", 2) };

        var score = Anyang.Engine().Score(Anyang.Subject("A", 95, events: events));

        Assert.Equal(12m, score.Totals.Deductions);
        Assert.Equal(83m, score.Totals.Final);
        Assert.Equal(4, score.Level.Ordinal);
    }

    [Fact]
    public void The_final_total_is_clamped_at_zero()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 4, events: [Anyang.Event("criticism-city-committee", 2)]));

        Assert.Equal(0m, score.Totals.Final);
        Assert.Equal(10m, score.Totals.Deductions);
    }

    [Fact]
    public void The_final_total_is_clamped_at_the_maximum()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 98, events: [Anyang.Event("commendation", level: "national")]));

        Assert.Equal(106m, score.Totals.Base + score.Totals.Bonus);
        Assert.Equal(100m, score.Totals.Final);
    }

    [Fact]
    public void Satisfaction_below_sixty_percent_costs_five_points()
    {
        // 23 satisfied of 40 valid = 57.5 % < 60 → −5; 85 − 5 = 80 (4★).
        var score = Anyang.Engine().Score(Anyang.Subject("A", 85, satisfied: 23, dissatisfied: 17));

        Assert.Equal(57.5m, score.Explanation.Ballots[0].Satisfaction);
        Assert.Equal(5m, score.Totals.Deductions);
        Assert.Equal(80m, score.Totals.Final);
        Assert.Equal("low-satisfaction", Assert.Single(score.Explanation.Adjustments).Item);
    }

    [Fact]
    public void Basically_satisfied_counts_with_its_scheme_weight()
    {
        // (20 + 4) / 40 = 60 % exactly: not below 60, no deduction.
        var score = Anyang.Engine().Score(Anyang.Subject("A", 85, satisfied: 20, basically: 4, dissatisfied: 16));

        Assert.Equal(60m, score.Explanation.Ballots[0].Satisfaction);
        Assert.Equal(0m, score.Totals.Deductions);
    }
}

using BranchRating.Domain.Inputs;
using BranchRating.Domain.Tests.Support;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// anyang-100 (001 篇十一), the engine's reference preset (its rule-by-rule tests live in Rating/ and Quotas/):
/// here, whole-year worked examples combining the seed's own numbers.
/// </summary>
public sealed class Anyang100Tests
{
    [Fact]
    public void A_year_with_commendations_criticism_violations_absences_and_low_satisfaction()
    {
        // superior review 88;
        // bonus: commendation city 3 and province 5 → highest only 5; innovation national 8 → 5 + 8 = 13, capped at 10;
        // deductions: 市直工委通报批评 ×1 −3, 一般党员违法违纪 ×2 −4, 无故缺席 ×3 −9, 满意率 11/20 = 55 % < 60 % −5 → −21;
        // final 88 + 10 − 21 = 77 → band 3★; ≥ 3 absences → lowered one star → 2★ (the 4★ absence cap does not bind;
        // 55 % ≥ 50 %: stars remain possible).
        var input = Anyang.Subject("A01", superior: 88, satisfied: 11, dissatisfied: 9, eligible: 20, events:
        [
            Anyang.Event("commendation", level: "city"),
            Anyang.Event("commendation", level: "province"),
            Anyang.Event("innovation", level: "national"),
            Anyang.Event("criticism-working-committee"),
            Anyang.Event("member-violation", count: 2),
            Anyang.Event("absence", count: 3),
        ]);

        var score = Anyang.Engine().Score(input);

        Assert.Equal((88m, 10m, 21m, 77m), (score.Totals.Base, score.Totals.Bonus, score.Totals.Deductions, score.Totals.Final));
        Assert.Equal(3, score.BandLevel.Ordinal);
        Assert.Equal(2, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("lowering", "absences-year-end"), (change.Reason, change.Rule));
    }

    [Fact]
    public void An_overdue_election_caps_a_ninety_five_at_four_or_three_stars()
    {
        // 95 → 5★; election overdue 30 days → ≤ 4★; 400 days (> 1 year) → ≤ 3★ (both caps hold, the lower wins)
        var late = Anyang.Engine().Score(Anyang.Subject("A01", 95, facts: new Dictionary<string, decimal> { ["election-overdue-days"] = 30 }));
        var veryLate = Anyang.Engine().Score(Anyang.Subject("A02", 95, facts: new Dictionary<string, decimal> { ["election-overdue-days"] = 400 }));

        Assert.Equal(4, late.Level.Ordinal);
        Assert.Equal(3, veryLate.Level.Ordinal);
        Assert.Equal(["election-overdue", "election-overdue-year"], veryLate.LevelChanges.Select(c => c.Rule));
    }

    [Fact]
    public void Satisfaction_below_half_means_no_star_whatever_the_score()
    {
        // 9 of 20 = 45 % < 50 % → no star; also < 60 % → −5: 100 − 5 = 95
        var score = Anyang.Engine().Score(Anyang.Subject("A01", 100, satisfied: 9, dissatisfied: 11, eligible: 20));

        Assert.Equal(95m, score.Totals.Final);
        Assert.Equal(0, score.Level.Ordinal);
        Assert.Equal("satisfaction-below-50", score.LevelChanges.Single().Rule);
    }

    [Fact]
    public void The_one_star_floor_demotes_the_lowest_ranked_of_a_county_with_no_weak_organization()
    {
        // County of 10, all between 71 and 80 (3★/4★): ≤ 1★ must be ≥ ceil(0.10·10) = 1 → the lowest-ranked
        // (A10, 71) moves down to 1★ (quota-floor); 5★ cap floor(0.10·10) = 1 has nothing to do.
        var inputs = Enumerable.Range(1, 10).Select(i => Anyang.Subject($"A{i:00}", 81 - i)).ToArray();

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal(1, LevelOf(run, "A10"));
        var change = ResultOf(run, "A10").LevelChanges.Single();
        Assert.Equal(("quota-floor", "one-star-or-below-floor", 3, 1), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
        Assert.Equal(3, LevelOf(run, "A09"));
        Assert.Contains("rectification:one-star-or-below", ResultOf(run, "A10").Flags);
        Assert.Equal((1, 0, 1, true), (QuotaOf(run, "one-star-or-below-floor", "C01").Bound, QuotaOf(run, "one-star-or-below-floor", "C01").Before, QuotaOf(run, "one-star-or-below-floor", "C01").Moved, QuotaOf(run, "one-star-or-below-floor", "C01").Met));
    }
}

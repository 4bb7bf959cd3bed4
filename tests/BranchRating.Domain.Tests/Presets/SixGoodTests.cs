using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// six-good (001 篇七): 班子建设好 20, 作用发挥好 20, four dimensions of 15; every concrete standard binary
/// (达成目标得分, 不达成不得分); 优秀 ≥ 90, 良好 ≥ 80, 基本合格 ≥ 60; forced distribution 20/40/30/10 per committee.
/// The 不合格 floor of the distribution never has to act on its own: floor(0.2N) + floor(0.4N) + floor(0.3N) ≤
/// floor(0.9N) = N − ceil(0.1N), so the cascading caps already leave ceil(0.1N) at 不合格 (shown below).
/// </summary>
public sealed class SixGoodTests
{
    private const string Id = "six-good";
    private static Scheme Scheme => Presets.Get(Id);

    private static readonly string[] Rules =
        ["rules-system", "rules-organization-life", "rules-member-management", "rules-openness", "rules-ledger", "rules-planning"];

    private static readonly string[] Members =
        ["members-education", "members-vanguard", "members-performance", "members-recruitment", "members-masses"];

    /// <summary>Every standard achieved except the listed ones.</summary>
    private static SubjectInput Branch(string code, params string[] failed)
    {
        var answers = Achieved(Scheme, Scheme.Indicators.Count);
        foreach (var f in failed)
        {
            Assert.True(answers.ContainsKey(f), f);
            answers[f] = 0;
        }
        return Subject(code, Scope("committee", "P1"), By("committee", answers));
    }

    [Fact]
    public void The_six_dimensions_weigh_20_20_15_15_15_15_over_25_binary_standards()
    {
        Assert.Equal(25, Scheme.Indicators.Count);
        Assert.All(Scheme.Indicators, i => Assert.Equal(IndicatorKind.Binary, i.Kind));
        var byDimension = Scheme.Dimensions.ToDictionary(d => d.Id, d => d.Indicators.Sum(i => i.Max));
        Assert.Equal(20m, byDimension["leadership"]);   // 4 × 5
        Assert.Equal(20m, byDimension["role"]);         // 7 + 7 + 6
        Assert.Equal(15m, byDimension["members"]);      // 5 × 3
        Assert.Equal(15m, byDimension["organization-life"]); // 4 × 3.75
        Assert.Equal(15m, byDimension["rules"]);        // 6 × 2.5
        Assert.Equal(15m, byDimension["foundation"]);   // 3 × 5
    }

    [Theory]
    [InlineData(0, 100, 3)]   // everything achieved
    [InlineData(4, 90, 3)]    // 100 − 4 × 2.5 = 90: boundary → 优秀
    [InlineData(5, 87.5, 2)]  // 100 − 5 × 2.5 = 87.5 → 良好
    public void Missed_rules_standards_cost_two_and_a_half_points_each(int missed, decimal total, int tier)
    {
        var score = Engine(Id).Score(Branch("B01", Rules.Take(missed).ToArray()));

        Assert.Equal(total, score.Totals.Final);
        Assert.Equal(tier, score.Level.Ordinal);
    }

    [Fact]
    public void Around_the_80_boundary()
    {
        // 100 − 5 (班子健全) − 5 (场所达标) − 7 (重点工作) − 3 (党员教育) = 80 → 良好
        string[] eighty = ["leadership-complete", "foundation-premises", "role-key-work", "members-education"];
        // … − 2.5 (台账) = 77.5 → 基本合格
        var at = Engine(Id).Score(Branch("B01", eighty));
        var below = Engine(Id).Score(Branch("B02", [.. eighty, "rules-ledger"]));

        Assert.Equal((80m, 2), (at.Totals.Final, at.Level.Ordinal));
        Assert.Equal((77.5m, 1), (below.Totals.Final, below.Level.Ordinal));
        Assert.Equal("良好", at.Level.Label);
    }

    [Fact]
    public void Around_the_60_boundary()
    {
        // missing all of 班子建设好 (20) and 作用发挥好 (20): 100 − 40 = 60 → 基本合格; also 台账 (2.5): 57.5 → 不合格
        string[] sixty = ["leadership-complete", "leadership-political", "leadership-unity", "leadership-integrity", "role-business", "role-key-work", "role-highlights"];

        var at = Engine(Id).Score(Branch("B01", sixty));
        var below = Engine(Id).Score(Branch("B02", [.. sixty, "rules-ledger"]));

        Assert.Equal((60m, 1), (at.Totals.Final, at.Level.Ordinal));
        Assert.Equal((57.5m, 0), (below.Totals.Final, below.Level.Ordinal));
        Assert.Equal("不合格", below.Level.Label);
    }

    [Fact]
    public void A_missed_organization_life_standard_costs_three_point_seven_five()
    {
        // 100 − 3.75 = 96.25
        var score = Engine(Id).Score(Branch("B01", "life-theme-day"));

        Assert.Equal(96.25m, score.Totals.Final);
        Assert.Equal(96.25m, score.Explanation.Indicators.Sum(l => l.Score));
        Assert.Equal(0m, score.Explanation.Indicators.Single(l => l.Indicator == "life-theme-day").Score);
    }

    [Fact]
    public void The_forced_distribution_cascades_through_every_capped_tier()
    {
        // N = 10 in committee P1: 优秀 ≤ floor(0.2·10) = 2, 良好 ≤ floor(0.4·10) = 4, 基本合格 ≤ floor(0.3·10) = 3,
        // 不合格 ≥ ceil(0.1·10) = 1.
        // Totals: 100, 97.5, 95, 92.5, 90 (优秀 ×5), 87.5, 85, 82 (良好 ×3), 79, 76 (基本合格 ×2):
        //   rules missed 0…6, then 6 rules + 1, 2, 3 member standards (85 − 3 = 82, − 6 = 79, − 9 = 76).
        // 优秀 cap: 95, 92.5, 90 → 良好 (now 6 良好); 良好 cap: 85, 82 → 基本合格 (now 4); 基本合格 cap: 76 → 不合格.
        var inputs = new List<SubjectInput>();
        for (var k = 0; k <= 6; k++)
        {
            inputs.Add(Branch($"B{k + 1:00}", Rules.Take(k).ToArray()));
        }
        for (var m = 1; m <= 3; m++)
        {
            inputs.Add(Branch($"B{m + 7:00}", [.. Rules, .. Members.Take(m)]));
        }

        var run = Engine(Id).Rate(inputs);

        Assert.Equal([100m, 97.5m, 95m, 92.5m, 90m, 87.5m, 85m, 82m, 79m, 76m], inputs.Select(i => ResultOf(run, i.Code).Totals.Final));
        Assert.Equal([3, 3, 2, 2, 2, 2, 1, 1, 1, 0], inputs.Select(i => LevelOf(run, i.Code)));
        Assert.Equal([3, 3, 3, 3, 3, 2, 2, 2, 1, 1], inputs.Select(i => ResultOf(run, i.Code).BandLevel.Ordinal));
        Assert.Equal(("quota-cap", "normal-distribution:3"), (ResultOf(run, "B03").LevelChanges.Single().Reason, ResultOf(run, "B03").LevelChanges.Single().Rule));
        Assert.Equal("normal-distribution:2", ResultOf(run, "B07").LevelChanges.Single().Rule);
        Assert.Equal("normal-distribution:1", ResultOf(run, "B10").LevelChanges.Single().Rule);
        var floor = QuotaOf(run, "normal-distribution:0", "P1");
        Assert.Equal((1, 1, 0, true), (floor.Bound, floor.After, floor.Moved, floor.Met));
        Assert.Contains("rectification:unqualified", ResultOf(run, "B10").Flags);
    }

    [Fact]
    public void Ten_branches_all_at_basic_qualified_leave_only_three_there()
    {
        // 10 × 70 (基本合格): cap floor(0.3·10) = 3 keeps the top three by code (all tied), 7 fall to 不合格.
        // 70 = 100 − 20 (all four 班子建设好 standards) − 7 (党建重点工作) − 3 (党员教育).
        var inputs = Enumerable.Range(1, 10)
            .Select(i => Branch($"B{i:00}", "leadership-complete", "leadership-political", "leadership-unity", "leadership-integrity", "role-key-work", "members-education"))
            .ToArray();

        var run = Engine(Id).Rate(inputs);

        Assert.All(run.Results, r => Assert.Equal(70m, r.Totals.Final));
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], inputs.Select(i => LevelOf(run, i.Code)));
    }
}

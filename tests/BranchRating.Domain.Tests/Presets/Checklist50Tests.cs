using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// checklist-50 (001 篇十): the 50 items, each binary, 2 points; bands of anyang-100 (90/80/70/60/50); the
/// superior's check replaces the branch's self-check.
/// </summary>
public sealed class Checklist50Tests
{
    private const string Id = "checklist-50";
    private static Scheme Scheme => Presets.Get(Id);

    private static BranchRating.Domain.Inputs.SubjectInput Branch(string code, int achieved, int? selfAchieved = null, int? proposed = null) =>
        Subject(code, Scope("committee", "J1"), By("superior", Achieved(Scheme, achieved)), By("self", Achieved(Scheme, selfAchieved ?? achieved), proposed: proposed));

    [Fact]
    public void The_fifty_items_of_the_seed_are_binary_and_worth_two_points_each()
    {
        Assert.Equal(50, Scheme.Indicators.Count);
        Assert.All(Scheme.Indicators, i => Assert.Equal((IndicatorKind.Binary, 2m), (i.Kind, i.Max)));
        Assert.Equal("item-01", Scheme.Indicators[0].Id);
        Assert.Equal("item-50", Scheme.Indicators[^1].Id);
        Assert.StartsWith("组织党员认真学习", Scheme.Indicators[0].Name, StringComparison.Ordinal);
        Assert.Equal("党支部书记抓基层党建工作述职评议结果为好", Scheme.Indicators[^1].Name);
    }

    [Theory]
    [InlineData(50, 100, 5)]
    [InlineData(45, 90, 5)] // 45 × 2 = 90
    [InlineData(44, 88, 4)]
    [InlineData(40, 80, 4)]
    [InlineData(39, 78, 3)]
    [InlineData(35, 70, 3)]
    [InlineData(34, 68, 2)]
    [InlineData(30, 60, 2)]
    [InlineData(29, 58, 1)]
    [InlineData(25, 50, 1)]
    [InlineData(24, 48, 0)]
    [InlineData(0, 0, 0)]
    public void Items_met_times_two_give_the_total_and_the_star(int achieved, decimal total, int stars)
    {
        var score = Engine(Id).Score(Branch("J01", achieved));

        Assert.Equal(total, score.Totals.Final);
        Assert.Equal(stars, score.Level.Ordinal);
    }

    [Fact]
    public void An_item_is_either_met_or_not()
    {
        var answers = Achieved(Scheme, 50);
        answers["item-07"] = 2; // a binary item takes 1 or 0, not its points

        var ex = Assert.Throws<RatingInputException>(() => Engine(Id).Score(Subject("J01", Scope("committee", "J1"), By("superior", answers))));

        Assert.Contains(ex.Errors, e => e.Path.EndsWith("item-07", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_inspectors_who_disagree_on_one_item_average_to_half_its_points()
    {
        // inspector a: all 50 met; inspector b: item-50 not met → item-50 = (2 + 0) / 2 = 1 → total 99 → 5★
        var b = Achieved(Scheme, 49);
        var input = Subject("J01", Scope("committee", "J1"), By("superior", Achieved(Scheme, 50), rater: "a"), By("superior", b, rater: "b"));

        var score = Engine(Id).Score(input);

        Assert.Equal(1m, score.Explanation.Indicators[^1].Score);
        Assert.Equal(99m, score.Totals.Final);
    }

    [Fact]
    public void A_self_check_sixteen_points_above_the_superior_is_flagged()
    {
        // self 50 items = 100 (proposes 5★), superior 42 items = 84 (4★): 100 − 84 = 16 ≥ 15 → discrepancy
        var run = Engine(Id).Rate([Branch("J01", 42, selfAchieved: 50, proposed: 5), Branch("J02", 44, selfAchieved: 50, proposed: 5)]);

        Assert.Contains("discrepancy", ResultOf(run, "J01").Flags);
        // J02: 100 − 88 = 12 < 15 and |5 − 4| = 1 < 2 → no flag
        Assert.DoesNotContain("discrepancy", ResultOf(run, "J02").Flags);
        Assert.Equal(84m, ResultOf(run, "J01").Totals.Final);
    }
}

using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// five-good (004 三2; 001 篇七 邵武 五个好): 领导班子好, 党员队伍好, 工作机制好, 工作业绩好, 群众反映好 (20 each);
/// the superior grades; 先进 ≥ 85, 一般 ≥ 60, otherwise 后进 (限期整改转化).
/// </summary>
public sealed class FiveGoodTests
{
    private const string Id = "five-good";
    private static Scheme Scheme => Presets.Get(Id);

    private static Dictionary<string, decimal> Five(decimal a, decimal b, decimal c, decimal d, decimal e) => new()
    {
        ["leadership"] = a, ["members"] = b, ["mechanism"] = c, ["performance"] = d, ["mass-response"] = e,
    };

    private static SubjectInput Org(string code, Dictionary<string, decimal> superior) =>
        Subject(code, Scope("county", "X"), By("superior", superior));

    [Fact]
    public void The_five_goods_are_worth_twenty_each()
    {
        Assert.Equal(["领导班子好", "党员队伍好", "工作机制好", "工作业绩好", "群众反映好"], Scheme.Indicators.Select(i => i.Name));
        Assert.All(Scheme.Indicators, i => Assert.Equal(20m, i.Max));
    }

    [Theory]
    [InlineData("20 20 15 15 15", "85", 2)]       // 85 → 先进
    [InlineData("20 20 15 15 14.99", "84.99", 1)] // → 一般
    [InlineData("12 12 12 12 12", "60", 1)]       // 60 → 一般
    [InlineData("12 12 12 12 11.99", "59.99", 0)] // → 后进
    public void Around_the_85_and_60_boundaries(string scores, string total, int tier)
    {
        var s = scores.Split(' ').Select(x => decimal.Parse(x, CultureInfo.InvariantCulture)).ToArray();

        var score = Engine(Id).Score(Org("F01", Five(s[0], s[1], s[2], s[3], s[4])));

        Assert.Equal(decimal.Parse(total, CultureInfo.InvariantCulture), score.Totals.Final);
        Assert.Equal(tier, score.Level.Ordinal);
    }

    [Fact]
    public void Without_the_superior_the_self_check_grades()
    {
        var input = Subject("F01", Scope("county", "X"), By("self", Five(20, 20, 20, 20, 10)));

        var score = Engine(Id).Score(input);

        Assert.Equal(90m, score.Totals.Final);
        Assert.Equal("先进", score.Level.Label);
    }

    [Fact]
    public void Lagging_organizations_are_flagged_for_conversion()
    {
        var run = Engine(Id).Rate([Org("F01", Five(10, 10, 10, 10, 10)), Org("F02", Five(20, 20, 20, 20, 20))]);

        Assert.Contains("rectification:lagging", ResultOf(run, "F01").Flags);
        Assert.Equal([2, 1], new[] { "F01", "F02" }.Select(c => ResultOf(run, c).Ranks.Single().Rank));
    }
}

using BranchRating.Domain.Lifecycle;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.Lifecycle;

/// <summary>Year-end lowering across rounds, an upheld objection's level change, and the procedure's seven steps.</summary>
public sealed class YearEndAndReRatingTests
{
    private static readonly Scheme Anyang = Presets.Get("anyang-100");

    private static Level L(int ordinal) => Anyang.Levels.First(l => l.Ordinal == ordinal);

    [Fact]
    public void The_scheme_rule_on_absences_lowers_by_its_step_once_those_reaching_it_over_the_year_and_never_below_the_lowest_level()
    {
        var rule = YearEndLowering.RuleFor(Anyang, "absence")!;
        Assert.Equal(("absences-year-end", 3m, 1), (rule.Id, rule.When.Value, rule.By));
        var none = new HashSet<string>();
        var changes = YearEndLowering.Apply(
        [
            new("B3", L(4), none, 3),
            new("B1", L(5), none, 7),
            new("B2", L(4), none, 2),
            new("B4", L(3), new HashSet<string> { rule.Id }, 4),
            new("B5", L(0), none, 5),
        ], rule, Anyang.Levels, 2026);
        Assert.Equal([("B1", 5, 4), ("B3", 4, 3)], changes.Select(c => (c.Code, c.Change.From.Ordinal, c.Change.To.Ordinal)));
        Assert.All(changes, c => Assert.Equal(("lowering", rule.Id), (c.Change.Reason, c.Change.Rule)));
        Assert.Contains("2026 年各轮累计 7 次, 达到 3 次", changes[0].Change.Detail);
        Assert.Null(YearEndLowering.RuleFor(Anyang, "criticism-city"));
    }

    [Fact]
    public void An_upheld_objection_is_a_level_change_naming_the_objection_its_reason_code_and_who_decided()
    {
        var change = ReRating.Change(L(4), L(3), "abc123", null, "核实属实", "T01-committee");
        Assert.Equal((4, 3, "objection-upheld", "objection:abc123"), (change.From.Ordinal, change.To.Ordinal, change.Reason, change.Rule));
        Assert.Equal("异议 abc123 经复核成立 (T01-committee): 核实属实", change.Detail);
        Assert.Equal("absences-3", ReRating.Change(L(4), L(3), "abc123", "absences-3", "x", "y").Reason);
    }

    [Fact]
    public void The_seven_steps_are_in_the_procedures_order_and_the_three_outside_the_pipeline_have_their_own_stored_orders()
    {
        Assert.Equal(["publish-standard", "self-assessment", "appraisal", "superior-review", "determination", "public-notice", "ledger"], ProcedureSteps.InOrder);
        Assert.Equal([90, 91, 92], new[] { "publish-standard", "public-notice", "ledger" }.Select(k => ProcedureSteps.StoredOrder(k)!.Value));
        Assert.Null(ProcedureSteps.StoredOrder("appraisal"));
        Assert.False(ProcedureSteps.OutsidePipeline(null));
        Assert.True(ProcedureSteps.Position("ledger") > ProcedureSteps.Position("determination"));
        Assert.Equal(int.MaxValue, ProcedureSteps.Position("mass-meeting"));
    }
}

using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Bad input is refused with the field, the rule and the reason.</summary>
public sealed class InputErrorTests
{
    private static InputError Single(SubjectInput input)
    {
        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input));
        Assert.Equal(input.Code, ex.Subject);
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void A_score_above_the_indicator_maximum()
    {
        var input = Anyang.Subject("A", 80);
        var scores = new Dictionary<string, decimal>(input.Submissions[1].Scores) { ["rules"] = 10.5m };
        input = input with { Submissions = [input.Submissions[0], input.Submissions[1] with { Scores = scores }] };

        var error = Single(input);

        Assert.Equal(("$.submissions[1].scores.rules", "range"), (error.Path, error.Rule));
        Assert.Contains("0 … 10", error.Message);
    }

    [Theory]
    [InlineData("10.5")] // above the maximum
    [InlineData("-0.5")] // negative
    [InlineData("10.00001")] // more decimals than the scaled check reads, and above the maximum
    [InlineData("-0")] // a negative zero is still 0 … max
    public void Every_value_of_a_dictionary_submission_is_checked_against_its_range(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var input = Anyang.Subject("A", 80);
        // Any position: the last id of the dictionary as well as the first.
        foreach (var indicator in new[] { Anyang.Indicators[0], Anyang.Indicators[^1] })
        {
            var scores = new Dictionary<string, decimal>(input.Submissions[0].Scores) { [indicator] = value };
            var changed = input with { Submissions = [input.Submissions[0] with { Scores = scores }, input.Submissions[1]] };
            if (value is >= 0m and <= 10m)
            {
                var group = Anyang.Engine().Score(changed).Explanation.Groups.Single(g => g.Group == changed.Submissions[0].Group);
                Assert.Equal(value, group.Scores[Array.IndexOf(Anyang.Indicators, indicator)]);
                continue;
            }
            var error = Single(changed);
            Assert.Equal(($"$.submissions[0].scores.{indicator}", "range"), (error.Path, error.Rule));
        }
    }

    [Fact]
    public void A_dictionary_that_holds_one_id_twice_by_another_comparer_does_not_pass_for_a_complete_one()
    {
        // Keys compared by reference: "rules" twice (two instances), "organization" missing, ten keys in all.
        var scores = new Dictionary<string, decimal>(ReferenceEqualityComparer.Instance);
        foreach (var id in Anyang.Indicators.Skip(1))
        {
            scores[new string(id.AsSpan())] = 8m;
        }
        scores[new string("rules".AsSpan())] = 8m;
        Assert.Equal(Anyang.Indicators.Length, scores.Count);
        var valid = Anyang.Subject("A", 80);
        var broken = Anyang.Subject("B", 80);
        broken = broken with { Submissions = [broken.Submissions[0] with { Scores = scores }, broken.Submissions[1]] };

        // After a valid subject (whose entries the run's scratch still holds) as well as alone.
        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Rate([valid, broken]));
        Assert.Contains(ex.Errors, e => (e.Path, e.Rule) == ("$.submissions[0].scores.organization", "required"));
        Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(broken));
    }

    [Fact]
    public void Ballot_counts_that_hold_one_choice_twice_by_another_comparer_do_not_pass_for_complete_ones()
    {
        var counts = new Dictionary<string, int>(ReferenceEqualityComparer.Instance)
        {
            [new string("satisfied".AsSpan())] = 20,
            [new string("satisfied".AsSpan())] = 10,
            [new string("basically-satisfied".AsSpan())] = 5,
        };
        var input = Anyang.Subject("A", 80);
        input = input with { Ballots = new Dictionary<string, BallotTally> { ["members"] = new() { Eligible = 40, Counts = counts } } };

        Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input));
    }

    [Fact]
    public void An_unknown_indicator()
    {
        var input = Anyang.Subject("A", 80);
        var scores = new Dictionary<string, decimal>(input.Submissions[0].Scores) { ["charisma"] = 5 };
        input = input with { Submissions = [input.Submissions[0] with { Scores = scores }, input.Submissions[1]] };

        Assert.Equal(("$.submissions[0].scores.charisma", "reference"), (Single(input).Path, Single(input).Rule));
    }

    [Fact]
    public void A_missing_indicator_score()
    {
        var input = Anyang.Subject("A", 80);
        var scores = new Dictionary<string, decimal>(input.Submissions[1].Scores);
        scores.Remove("facilities");
        input = input with { Submissions = [input.Submissions[0], input.Submissions[1] with { Scores = scores }] };

        Assert.Equal(("$.submissions[1].scores.facilities", "required"), (Single(input).Path, Single(input).Rule));
    }

    [Fact]
    public void A_negative_event_count()
    {
        var error = Single(Anyang.Subject("A", 80, events: [Anyang.Event("absence", -1)]));

        Assert.Equal(("$.events[0].count", "range"), (error.Path, error.Rule));
    }

    [Fact]
    public void An_unknown_event_type_and_a_commendation_without_level()
    {
        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(Anyang.Subject("A", 80, events: [Anyang.Event("karaoke"), Anyang.Event("commendation")])));

        Assert.Equal([("$.events[0].type", "reference"), ("$.events[1].level", "reference")], ex.Errors.Select(e => (e.Path, e.Rule)));
    }

    [Fact]
    public void A_missing_scope()
    {
        var error = Single(Anyang.Subject("A", 80) with { Scopes = new Dictionary<string, string>() });

        Assert.Equal(("$.scopes.county", "required"), (error.Path, error.Rule));
    }

    [Fact]
    public void A_missing_ballot_that_a_rule_needs()
    {
        var error = Single(Anyang.Subject("A", 80) with { Ballots = new Dictionary<string, BallotTally>() });

        Assert.Equal(("$.ballots.members", "required"), (error.Path, error.Rule));
    }

    [Fact]
    public void More_ballots_than_eligible_voters()
    {
        var error = Single(Anyang.Subject("A", 80, satisfied: 41, eligible: 40));

        Assert.Equal(("$.ballots.members.eligible", "consistency"), (error.Path, error.Rule));
    }

    [Fact]
    public void An_unknown_rater_group_and_a_proposed_level_that_does_not_exist()
    {
        var input = Anyang.Subject("A", 80, proposed: 6);
        input = input with { Submissions = [.. input.Submissions, input.Submissions[1] with { Group = "mayor" }] };

        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input));

        Assert.Equal([("$.submissions[0].proposedLevel", "range"), ("$.submissions[2].group", "reference")], ex.Errors.Select(e => (e.Path, e.Rule)));
    }

    [Fact]
    public void A_veto_type_the_scheme_does_not_have()
    {
        var error = Single(Anyang.Subject("A", 80) with { Vetoes = [new VetoEvent { Type = "work-safety", Date = new DateOnly(2026, 1, 1) }] });

        Assert.Equal(("$.vetoes[0].type", "reference"), (error.Path, error.Rule));
        Assert.Contains("has no veto", error.Message);
    }

    [Fact]
    public void The_same_code_twice_in_a_run()
    {
        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Rate([Anyang.Subject("A", 80), Anyang.Subject("A", 70)]));

        Assert.Equal("run", ex.Subject);
        Assert.Equal(("$[A]", "unique"), (ex.Errors[0].Path, ex.Errors[0].Rule));
    }

    [Fact]
    public void Scores_of_another_scheme_cannot_be_ranked_together()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 80)) with { SchemeVersion = "0.9" };

        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Rank([score]));

        Assert.Equal("scheme", Assert.Single(ex.Errors).Rule);
    }

    [Fact]
    public void Nulls_in_an_input_read_from_json_are_input_errors_not_crashes()
    {
        var input = System.Text.Json.JsonSerializer.Deserialize<SubjectInput>(
            """{ "code": "A", "scopes": null, "submissions": null, "ballots": null, "events": null, "flags": null, "facts": null, "vetoes": null }""",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input));

        Assert.Equal(
            [("$.scopes.county", "required"), ("$.ballots.members", "required")],
            ex.Errors.Select(e => (e.Path, e.Rule)));
    }

    [Fact]
    public void A_subject_without_any_rater_is_an_input_error()
    {
        var ex = Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(Anyang.Subject("A", 80) with { Submissions = [] }));

        Assert.Equal(("$.submissions", "min-raters"), (ex.Errors[0].Path, ex.Errors[0].Rule));
    }
}

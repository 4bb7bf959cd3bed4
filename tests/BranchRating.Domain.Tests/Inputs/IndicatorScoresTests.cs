using System.Text.Json;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Inputs;

/// <summary>Scores as values in an indicator order: a dictionary to every reader, rated exactly as a dictionary is.</summary>
public sealed class IndicatorScoresTests
{
    private static readonly IndicatorOrder SchemeOrder = IndicatorOrder.Of(Anyang.Scheme);

    /// <summary>The subject's submissions with their scores as <see cref="IndicatorScores"/> in <paramref name="order"/>.</summary>
    private static SubjectInput Ordered(SubjectInput input, IndicatorOrder order) => input with
    {
        Submissions = [.. input.Submissions.Select(s => s with { Scores = new IndicatorScores(order, [.. order.Ids.Select(id => s.Scores[id])]) })],
    };

    [Fact]
    public void Reads_as_a_dictionary_in_its_order_and_serializes_as_an_object()
    {
        var order = new IndicatorOrder(["b", "a"]);
        var scores = new IndicatorScores(order, [2.5m, 7m]);

        Assert.Equal(7m, scores["a"]);
        Assert.True(scores.ContainsKey("b"));
        Assert.False(scores.TryGetValue("c", out _));
        Assert.Throws<KeyNotFoundException>(() => scores["c"]);
        Assert.Equal(["b", "a"], scores.Select(e => e.Key));
        Assert.Equal("""{"b":2.5,"a":7}""", JsonSerializer.Serialize<IReadOnlyDictionary<string, decimal>>(scores));
    }

    [Fact]
    public void Refuses_a_value_count_other_than_the_order_and_repeated_ids()
    {
        Assert.Throws<ArgumentException>(() => new IndicatorScores(new IndicatorOrder(["a", "b"]), [1m]));
        Assert.Throws<ArgumentException>(() => new IndicatorOrder(["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => new IndicatorOrder(["a", ""]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // another order than the scheme's: read id by id, the same result
    public void Rates_exactly_as_the_same_scores_in_a_dictionary(bool reversed)
    {
        var order = reversed ? new IndicatorOrder(Anyang.Indicators.Reverse()) : SchemeOrder;
        var inputs = new[] { Anyang.Subject("A", 87.5m, self: 91m), Anyang.Subject("B", 62m, events: [Anyang.Event("absence", 2)]), Anyang.Subject("C", 95m, satisfied: 10, dissatisfied: 30) };
        var engine = Anyang.Engine();

        var expected = engine.Rate(inputs);
        var actual = engine.Rate([.. inputs.Select(i => Ordered(i, order))]);

        Assert.Equal(JsonSerializer.Serialize(expected.Results), JsonSerializer.Serialize(actual.Results));
        Assert.NotEqual(expected.Results[0].Totals.Final, expected.Results[1].Totals.Final); // the subjects differ: the comparison means something
    }

    [Fact]
    public void A_value_above_the_maximum_in_the_scheme_order_is_refused_at_its_indicator()
    {
        var input = Ordered(Anyang.Subject("A", 80), SchemeOrder);
        var values = input.Submissions[1].Scores.Values.ToArray();
        values[1] = 10.5m; // rules
        input = input with { Submissions = [input.Submissions[0], input.Submissions[1] with { Scores = new IndicatorScores(SchemeOrder, values) }] };

        var error = Assert.Single(Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input)).Errors);

        Assert.Equal(("$.submissions[1].scores.rules", "range"), (error.Path, error.Rule));
    }

    [Fact]
    public void An_order_missing_an_indicator_is_refused_for_that_indicator()
    {
        var partial = new IndicatorOrder(Anyang.Indicators.Where(id => id != "facilities"));
        var input = Anyang.Subject("A", 80);
        input = input with { Submissions = [input.Submissions[0], Ordered(input, partial).Submissions[1]] };

        var error = Assert.Single(Assert.Throws<RatingInputException>(() => Anyang.Engine().Score(input)).Errors);

        Assert.Equal(("$.submissions[1].scores.facilities", "required"), (error.Path, error.Rule));
    }
}

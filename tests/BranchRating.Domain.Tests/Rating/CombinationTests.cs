using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Rater groups: per-indicator weights, aggregation within a group, minimum raters (RATING-RULES §3, §9).</summary>
public sealed class CombinationTests
{
    private static RaterSubmission Sub(string group, string rater, decimal work, decimal service) =>
        new() { Group = group, Rater = rater, Scores = new Dictionary<string, decimal> { ["work"] = work, ["service"] = service } };

    private static SubjectInput Input(params RaterSubmission[] subs) => new()
    {
        Code = "X",
        Submissions = subs,
        Ballots = new Dictionary<string, BallotTally>
        {
            ["masses"] = new() { Eligible = 100, Counts = new Dictionary<string, int> { ["yes"] = 60, ["half"] = 20, ["no"] = 20 } },
        },
    };

    [Fact]
    public void Each_indicator_is_point_three_self_plus_point_seven_superior_and_the_mass_ballot_where_weighted()
    {
        // work: 0.3·50 + 0.7·40 = 43; masses: (60 + 0.5·20)/100 = 70 % → 28 of 40;
        // service: 0.2·36 + 0.5·30 + 0.3·28 = 7.2 + 15 + 8.4 = 30.6; total 73.6 → 一般.
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted()));

        var score = engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "t", 40, 30)));

        Assert.Equal([43m, 30.6m], score.Explanation.Indicators.Select(i => i.Score));
        Assert.Equal(73.6m, score.Totals.Final);
        Assert.Equal("一般", score.Level.Label);
        Assert.Equal([("self", 36m, 0.2m), ("superior", 30m, 0.5m), ("masses", 28m, 0.3m)], score.Explanation.PartsOf("service").Select(g => (g.Group, g.Score!.Value, g.Weight)));
        Assert.Equal(70m, score.Explanation.Ballots[0].Satisfaction);
    }

    [Fact]
    public void Several_raters_of_a_group_are_averaged_and_rounded()
    {
        // superior work: (40 + 41 + 45)/3 = 42 ; service (30 + 31 + 31)/3 = 30.666… → 30.67.
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted()));

        var score = engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "a", 40, 30), Sub("superior", "b", 41, 31), Sub("superior", "c", 45, 31)));

        var parts = score.Explanation.Parts.Where(p => p.Group == "superior").ToArray();
        Assert.Equal([(3, 42m), (3, 30.67m)], parts.Select(p => (p.Raters, p.Score!.Value)));
        Assert.Equal(0.3m * 50 + 0.7m * 42, score.Explanation.Indicators[0].Score);
    }

    [Fact]
    public void A_median_takes_the_middle_values()
    {
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted(superiorAggregation: """{ "method": "median" }""")));

        var score = engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "a", 10, 30), Sub("superior", "b", 41, 31), Sub("superior", "c", 60, 39), Sub("superior", "d", 44, 20)));

        // work sorted 10, 41, 44, 60 → (41 + 44)/2 = 42.5; service 20, 30, 31, 39 → 30.5.
        Assert.Equal([42.5m, 30.5m], score.Explanation.Parts.Where(p => p.Group == "superior").Select(p => p.Score!.Value));
    }

    [Fact]
    public void A_trimmed_mean_drops_the_highest_and_the_lowest()
    {
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted(superiorAggregation: """{ "method": "trimmedMean", "trim": 1, "minRaters": 3 }""")));

        var score = engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "a", 10, 30), Sub("superior", "b", 41, 31), Sub("superior", "c", 60, 39), Sub("superior", "d", 44, 20)));

        // work 10, [41, 44], 60 → 42.5; service 20, [30, 31], 39 → 30.5.
        Assert.Equal([42.5m, 30.5m], score.Explanation.Parts.Where(p => p.Group == "superior").Select(p => p.Score!.Value));
    }

    [Fact]
    public void Too_few_raters_is_an_input_error_when_the_scheme_rejects_missing_groups()
    {
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted(superiorAggregation: """{ "method": "trimmedMean", "trim": 1, "minRaters": 3 }""")));

        var ex = Assert.Throws<RatingInputException>(() => engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "a", 40, 30))));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("$.submissions", "min-raters"), (error.Path, error.Rule));
        Assert.Contains("'superior' needs at least 3", error.Message);
    }

    [Fact]
    public void Renormalized_weights_use_the_groups_present_and_flag_the_subject()
    {
        // superior has 1 of 3 raters: insufficient. work = self 50 (weight 0.3/0.3 = 1);
        // service: self 36 · 0.2/0.5 + masses 28 · 0.3/0.5 = 14.4 + 16.8 = 31.2.
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.Weighted("renormalize", """{ "method": "trimmedMean", "trim": 1, "minRaters": 3 }""")));

        var score = engine.Score(Input(Sub("self", "s", 50, 36), Sub("superior", "a", 40, 30)));

        Assert.Equal([50m, 31.2m], score.Explanation.Indicators.Select(i => i.Score));
        Assert.Contains("insufficient-raters:superior", score.Flags);
        Assert.Contains("renormalized-weights", score.Flags);
        Assert.False(score.Explanation.Groups[1].Sufficient);
    }

    [Fact]
    public void Binary_and_rank_indicators_and_two_tracks_are_scored_and_ranked()
    {
        var engine = new RatingEngine(TestSchemes.Load(TestSchemes.TwoTracks));
        SubjectInput Org(string code, decimal meets, decimal duty, decimal rank) => new()
        {
            Code = code,
            Submissions = [new RaterSubmission { Group = "superior", Scores = new Dictionary<string, decimal> { ["meets"] = meets, ["duty"] = duty, ["rank"] = rank } }],
        };

        var run = engine.Rate([Org("A", 1, 55, 2), Org("B", 0, 58, 1), Org("C", 1, 50, 7)]);
        var results = run.Results.OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();

        // A: party 40 + 55 = 95 (优秀), central rank 2 → 97; B: 0 + 58 = 58 (不合格), rank 1 → 100; C: 90 (优秀), rank 7 → 90.
        Assert.Equal([(95m, 97m), (58m, 100m), (90m, 90m)], results.Select(r => (r.Totals.Tracks["party"], r.Totals.Tracks["central"])));
        Assert.Equal(["优秀", "不合格", "优秀"], results.Select(r => r.FinalLevel.Label));
        Assert.Equal([(1, 2), (3, 1), (2, 3)], results.Select(r => (r.Ranks[0].Rank, r.Ranks[1].Rank)));
        Assert.Equal("track:central", results[0].Ranks[1].By);
        Assert.Equal(["A", "C", "B"], run.Results.Select(r => r.Code));
    }

    [Theory]
    [InlineData("halfAwayFromZero", "0.05")]
    [InlineData("halfEven", "0.04")]
    public void A_combined_score_is_rounded_once_with_the_scheme_midpoint_rule(string mode, string expected)
    {
        // work = 0.3 · 0.15 + 0.7 · 0 = 0.045 → two places.
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestSchemes.Weighted())!.AsObject();
        json["rounding"] = new System.Text.Json.Nodes.JsonObject { ["places"] = 2, ["mode"] = mode };
        var engine = new RatingEngine(TestSchemes.Load(json.ToJsonString()));

        var score = engine.Score(Input(Sub("self", "s", 0.15m, 0), Sub("superior", "t", 0, 0)));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), score.Explanation.Indicators[0].Score);
    }
}

using System.Text.Json.Nodes;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Ranking;

/// <summary>Ranking with the tie-break chain and both styles (RATING-RULES §4.11, §9).</summary>
public sealed class RankingTests
{
    [Fact]
    public void Ties_share_a_competition_rank_and_the_next_rank_is_skipped()
    {
        var inputs = new[] { Anyang.Subject("D", 70), Anyang.Subject("B", 80), Anyang.Subject("C", 80), Anyang.Subject("A", 90) };

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal([("A", 1), ("B", 2), ("C", 2), ("D", 4)], run.Results.Select(r => (r.Code, r.Ranks[0].Rank)));
        Assert.All(run.Results, r => Assert.Equal(("county", "C01", "final", 4), (r.Ranks[0].Scope, r.Ranks[0].ScopeValue, r.Ranks[0].By, r.Ranks[0].Of)));
    }

    [Fact]
    public void Dense_ranking_does_not_skip_and_relative_scores_are_in_proportion_to_the_top()
    {
        var json = Anyang.Json();
        json["rankings"] = JsonNode.Parse("""[{ "scope": "county", "by": "final", "style": "dense", "relative": true }]""");
        var inputs = new[] { Anyang.Subject("D", 70), Anyang.Subject("B", 80), Anyang.Subject("C", 80), Anyang.Subject("A", 90) };

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal([("A", 1), ("B", 2), ("C", 2), ("D", 3)], run.Results.Select(r => (r.Code, r.Ranks[0].Rank)));
        Assert.Equal([100m, 88.89m, 88.89m, 77.78m], run.Results.Select(r => r.Ranks[0].Relative!.Value));
    }

    [Fact]
    public void The_tie_break_chain_separates_equal_finals_by_satisfaction()
    {
        var inputs = new[] { Anyang.Subject("A", 80, satisfied: 33, dissatisfied: 7), Anyang.Subject("B", 80, satisfied: 38, dissatisfied: 2) };

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal([("B", 1), ("A", 2)], run.Results.Select(r => (r.Code, r.Ranks[0].Rank)));
    }

    [Fact]
    public void Ranks_are_computed_within_each_county()
    {
        var inputs = new[] { Anyang.Subject("A", 90, county: "C01"), Anyang.Subject("B", 80, county: "C02"), Anyang.Subject("C", 70, county: "C02") };

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal([("A", "C01", 1, 1), ("B", "C02", 1, 2), ("C", "C02", 2, 2)], run.Results.Select(r => (r.Code, r.Ranks[0].ScopeValue, r.Ranks[0].Rank, r.Ranks[0].Of)));
    }

    [Fact]
    public void A_self_proposal_two_levels_above_the_final_is_a_discrepancy()
    {
        var inputs = new[]
        {
            Anyang.Subject("A", 75, proposed: 5),
            Anyang.Subject("B", 75, proposed: 4),
            Anyang.Subject("C", 75, self: 90, proposed: 3),
            Anyang.Subject("D", 75, self: 89.99m, proposed: 3),
        };

        var json = Anyang.Json();
        json.Remove("quotas");
        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal([true, false, true, false], run.Results.Select(r => r.Flags.Contains("discrepancy")));
    }

    [Fact]
    public void Totals_with_more_than_four_decimals_rank_exactly()
    {
        var json = Anyang.Json();
        json["rounding"] = new JsonObject { ["places"] = 6 };
        json.Remove("quotas");
        var inputs = new[] { Anyang.Subject("A", 80.00001m), Anyang.Subject("B", 80.00002m), Anyang.Subject("C", 80.00001m) };

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal([("B", 1), ("A", 2), ("C", 2)], run.Results.Select(r => (r.Code, r.Ranks[0].Rank)));
        Assert.Equal(80.00002m, run.Results[0].Totals.Final);
    }
}

using System.Text.Json.Nodes;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Quotas;

/// <summary>Quotas of RATING-RULES §4.10/§4.11/§4.16: caps floor(q·N) cascading, floors ceil(q·N) by demotion only.</summary>
public sealed class QuotaTests
{
    [Fact]
    public void A_five_star_cap_keeps_the_best_ranked_and_demotes_the_rest_one_level()
    {
        // 20 organizations in one county, all 5★ (100 … 90.5): floor(0.1·20) = 2 may stay 5★.
        var inputs = Enumerable.Range(0, 20).Select(i => Anyang.Subject($"O{i:00}", 100 - i * 0.5m)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        var five = run.Results.Where(r => r.FinalLevel.Ordinal == 5).Select(r => r.Code).ToArray();
        Assert.Equal(["O00", "O01"], five);
        var demoted = run.Results.Single(r => r.Code == "O02");
        Assert.Equal(4, demoted.FinalLevel.Ordinal);
        var change = Assert.Single(demoted.LevelChanges);
        Assert.Equal(("quota-cap", "five-star-cap", 5, 4), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
        var outcome = run.Quotas.Single(q => q.Quota == "five-star-cap");
        Assert.Equal((20, 2, 20, 2, 18, true), (outcome.N, outcome.Bound, outcome.Before, outcome.After, outcome.Moved, outcome.Met));
    }

    [Fact]
    public void The_floor_demotes_the_lowest_ranked_until_enough_are_at_or_below_one_star()
    {
        // 20 organizations, 79 … 60, all 2★ or 3★: ceil(0.1·20) = 2 must be ≤ 1★ → the two lowest-ranked go to 1★.
        var inputs = Enumerable.Range(0, 20).Select(i => Anyang.Subject($"O{i:00}", 79 - i)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        var low = run.Results.Where(r => r.FinalLevel.Ordinal <= 1).Select(r => r.Code).ToArray();
        Assert.Equal(["O18", "O19"], low);
        var o18 = run.Results.Single(r => r.Code == "O18");
        Assert.Equal(2, o18.ScoredLevel.Ordinal);
        var change = Assert.Single(o18.LevelChanges);
        Assert.Equal(("quota-floor", "one-star-or-below-floor", 2, 1), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
        Assert.Contains("rectification:one-star-or-below", o18.Flags);
        var outcome = run.Quotas.Single(q => q.Quota == "one-star-or-below-floor");
        Assert.Equal((2, 0, 2, 2, true), (outcome.Bound, outcome.Before, outcome.After, outcome.Moved, outcome.Met));
    }

    [Fact]
    public void A_floor_already_met_moves_nobody()
    {
        var inputs = Enumerable.Range(0, 10).Select(i => Anyang.Subject($"O{i}", i == 9 ? 40 : 85)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        Assert.All(run.Results, r => Assert.DoesNotContain(r.LevelChanges, c => c.Reason == "quota-floor"));
    }

    [Fact]
    public void Quotas_apply_within_each_county_separately()
    {
        var inputs = new[]
        {
            Anyang.Subject("A1", 95, county: "C01"), Anyang.Subject("A2", 94, county: "C01"),
            Anyang.Subject("B1", 93, county: "C02"), Anyang.Subject("B2", 92, county: "C02"),
        };
        var json = Anyang.Json();
        json["quotas"] = JsonNode.Parse("""[{ "id": "five-star-cap", "kind": "cap", "scope": "county", "level": 5, "share": 0.5 }]""");

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal(["A1", "B1"], run.Results.Where(r => r.FinalLevel.Ordinal == 5).Select(r => r.Code));
        Assert.Equal(["C01", "C02"], run.Quotas.Select(q => q.ScopeValue));
    }

    [Fact]
    public void Overflow_cascades_through_every_capped_level()
    {
        // Distribution 5★ 20 %, 4★ 30 %, 3★ 30 %, 0★ 20 % (caps on 5, 4, 3; floor on ≤ 0) over 10 all-5★ subjects:
        // 5★ keeps 2, 8 fall to 4★; 4★ keeps 3, 5 fall to 3★; 3★ keeps 3, 2 fall to 2★; the floor then needs 2 at 0★.
        var json = Anyang.Json();
        json["quotas"] = JsonNode.Parse("""[{ "id": "dist", "kind": "distribution", "scope": "county", "shares": { "5": 0.2, "4": 0.3, "3": 0.3, "0": 0.2 } }]""");
        var inputs = Enumerable.Range(0, 10).Select(i => Anyang.Subject($"O{i}", 100 - i)).ToList();

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal([5, 5, 4, 4, 4, 3, 3, 3, 0, 0], run.Results.Select(r => r.FinalLevel.Ordinal));
        var last = run.Results[^1];
        Assert.Equal(
            [("quota-cap", 5, 4), ("quota-cap", 4, 3), ("quota-cap", 3, 2), ("quota-floor", 2, 0)],
            last.LevelChanges.Select(c => (c.Reason, c.From.Ordinal, c.To.Ordinal)));
        Assert.All(run.Quotas, q => Assert.True(q.Met, q.Quota));
    }

    [Fact]
    public void N_counts_subjects_without_a_star_and_the_cap_rounds_down()
    {
        // 19 subjects (one with no star): floor(0.1·19) = 1 stays 5★.
        var inputs = Enumerable.Range(0, 19).Select(i => Anyang.Subject($"O{i:00}", i == 18 ? 10 : 95)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal(1, run.Results.Count(r => r.FinalLevel.Ordinal == 5));
        Assert.Equal((19, 1), run.Quotas.Select(q => (q.N, q.Bound)).First());
    }

    [Fact]
    public void Quotas_never_raise_a_level()
    {
        var inputs = Enumerable.Range(0, 10).Select(i => Anyang.Subject($"O{i}", 20 + i)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        Assert.All(run.Results, r => Assert.True(r.FinalLevel.Ordinal <= r.ScoredLevel.Ordinal));
        Assert.All(run.Results, r => Assert.Empty(r.LevelChanges));
    }

    [Fact]
    public void A_target_is_reported_not_enforced()
    {
        var json = Anyang.Json();
        json["quotas"] = JsonNode.Parse("""[{ "id": "four-star-target", "kind": "target", "scope": "county", "level": 4, "compare": "atMost", "share": 0.3 }]""");
        var inputs = Enumerable.Range(0, 10).Select(i => Anyang.Subject($"O{i}", 85)).ToList();

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.All(run.Results, r => Assert.Equal(4, r.FinalLevel.Ordinal));
        var outcome = Assert.Single(run.Quotas);
        Assert.Equal(("target", 3, 10, false), (outcome.Kind, outcome.Bound, outcome.Before, outcome.Met));
    }

    [Fact]
    public void Quota_decisions_use_the_tie_break_chain()
    {
        // Same final 95; superior totals equal; satisfaction decides: the higher rate keeps 5★ (cap 1 of 10).
        var inputs = Enumerable.Range(0, 10).Select(i => Anyang.Subject($"O{i}", 95, satisfied: 30 + i, eligible: 40, dissatisfied: 10 - i)).ToList();

        var run = Anyang.Engine().Rate(inputs);

        Assert.Equal("O9", Assert.Single(run.Results, r => r.FinalLevel.Ordinal == 5).Code);
    }

    [Fact]
    public void Rectification_takes_the_bottom_share_from_the_low_levels_only()
    {
        // 20 subjects 100, 98, … 62; the ≤ 2★ ones are 68, 66, 64, 62; ceil(0.1·20) = 2 → the two lowest-ranked.
        var json = Anyang.Json();
        json.Remove("quotas");
        json["rectification"] = JsonNode.Parse("""[{ "id": "bottom-ten-percent", "atOrBelow": 2, "share": 0.1, "scope": "county" }]""");
        var inputs = Enumerable.Range(0, 20).Select(i => Anyang.Subject($"O{i:00}", 100 - 2 * i)).ToList();

        var run = new RatingEngine(Anyang.Load(json)).Rate(inputs);

        Assert.Equal(["O18", "O19"], run.Results.Where(r => r.Flags.Contains("rectification:bottom-ten-percent")).Select(r => r.Code));
    }

    [Fact]
    public void An_empty_run_has_no_results_and_no_quota_outcomes()
    {
        var run = Anyang.Engine().Rate([]);

        Assert.Empty(run.Results);
        Assert.Empty(run.Quotas);
        Assert.Equal(("anyang-100", "1.0.0"), (run.SchemeId, run.SchemeVersion));
    }
}

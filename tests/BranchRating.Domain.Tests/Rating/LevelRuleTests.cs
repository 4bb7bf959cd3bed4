using System.Text.Json.Nodes;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Eligibility caps, the absences lowering (RATING-RULES §4.6, §4.15) and the veto (§4.7).</summary>
public sealed class LevelRuleTests
{
    [Fact]
    public void Satisfaction_below_fifty_percent_means_no_star()
    {
        // 19 of 40 = 47.5 %: −5 (below 60) and no star (below 50).
        var score = Anyang.Engine().Score(Anyang.Subject("A", 96, satisfied: 19, dissatisfied: 21));

        Assert.Equal(91m, score.Totals.Final);
        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(0, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal((5, 0, "cap", "satisfaction-below-50"), (change.From.Ordinal, change.To.Ordinal, change.Reason, change.Rule));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 4)]
    [InlineData(365, 4)]
    [InlineData(366, 3)]
    public void An_overdue_election_caps_the_level(int days, int stars)
    {
        var facts = new Dictionary<string, decimal> { ["election-overdue-days"] = days };

        var score = Anyang.Engine().Score(Anyang.Subject("A", 95, facts: facts));

        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(stars, score.Level.Ordinal);
        Assert.All(score.LevelChanges, c => Assert.Equal("cap", c.Reason));
    }

    [Fact]
    public void Three_absences_lower_the_band_by_one_star_and_exclude_five_stars()
    {
        // 100 − 3 × 3 = 91 → band 5★ → lowered one star → 4★ (the 4★ cap then changes nothing).
        var score = Anyang.Engine().Score(Anyang.Subject("A", 100, events: [Anyang.Event("absence", 3)]));

        Assert.Equal(91m, score.Totals.Final);
        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(4, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("lowering", "absences-year-end"), (change.Reason, change.Rule));
    }

    [Fact]
    public void Three_absences_below_five_stars_still_lower_one_star()
    {
        // 84 − 9 = 75 → band 3★ → 2★.
        var score = Anyang.Engine().Score(Anyang.Subject("A", 84, events: [Anyang.Event("absence", 2), Anyang.Event("absence")]));

        Assert.Equal(75m, score.Totals.Final);
        Assert.Equal(2, score.Level.Ordinal);
    }

    [Fact]
    public void Two_absences_only_cost_points()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 100, events: [Anyang.Event("absence", 2)]));

        Assert.Equal(94m, score.Totals.Final);
        Assert.Equal(5, score.Level.Ordinal);
        Assert.Empty(score.LevelChanges);
    }

    private static JsonObject WithVetoAndInnovationCap()
    {
        var json = Anyang.Json();
        json["veto"] = JsonNode.Parse("""{ "types": [ { "id": "work-safety", "name": "安全生产" }, { "id": "party-conduct", "name": "党风廉政" } ], "level": 0, "barMonths": 12 }""");
        json["caps"]!.AsArray().Add(JsonNode.Parse("""{ "id": "innovation-for-5star", "when": { "test": "notFlag", "name": "certified-innovation" }, "maxLevel": 4, "reason": "五星需县委组织部认定的创新项目" }"""));
        return json;
    }

    [Theory]
    [InlineData("2026-03-01", 0)]
    [InlineData("2025-12-01", 0)]
    [InlineData("2025-11-30", 5)]
    [InlineData("2026-12-01", 5)]
    public void A_veto_removes_every_star_for_twelve_months(string date, int stars)
    {
        var engine = new RatingEngine(Anyang.Load(WithVetoAndInnovationCap()), new RatingOptions { AsOf = new DateOnly(2026, 11, 30) });
        var input = Anyang.Subject("A", 95, flags: ["certified-innovation"]) with
        {
            Vetoes = [new VetoEvent { Type = "work-safety", Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) }],
        };

        var score = engine.Score(input);

        Assert.Equal(stars, score.Level.Ordinal);
        if (stars == 0)
        {
            var change = Assert.Single(score.LevelChanges);
            Assert.Equal(("veto", "work-safety"), (change.Reason, change.Rule));
            Assert.Contains("vetoed:work-safety", score.Flags);
        }
    }

    [Fact]
    public void Five_stars_require_a_certified_innovation()
    {
        var engine = new RatingEngine(Anyang.Load(WithVetoAndInnovationCap()));

        var without = engine.Score(Anyang.Subject("A", 95));
        var with = engine.Score(Anyang.Subject("B", 95, flags: ["certified-innovation"]));

        Assert.Equal(4, without.Level.Ordinal);
        Assert.Equal("innovation-for-5star", Assert.Single(without.LevelChanges).Rule);
        Assert.Equal(5, with.Level.Ordinal);
    }

    [Fact]
    public void Caps_apply_after_the_lowering_and_each_change_is_recorded()
    {
        // band 5 → lowering (3 absences) → 4 → innovation cap 4 (no change) → overdue > 1 year → 3.
        var engine = new RatingEngine(Anyang.Load(WithVetoAndInnovationCap()));
        var input = Anyang.Subject("A", 100, events: [Anyang.Event("absence", 3)], facts: new Dictionary<string, decimal> { ["election-overdue-days"] = 400 });

        var score = engine.Score(input);

        Assert.Equal(
            [("lowering", 5, 4), ("cap", 4, 3)],
            score.LevelChanges.Select(c => (c.Reason, c.From.Ordinal, c.To.Ordinal)));
    }

    [Fact]
    public void Insufficient_participation_is_flagged_and_the_rate_of_the_cast_ballots_still_counts()
    {
        // 30 ballots of 40 eligible = 75 % < 80 %; 14 satisfied of 30 = 46.67 % → no star.
        var score = Anyang.Engine().Score(Anyang.Subject("A", 92, satisfied: 14, dissatisfied: 16, eligible: 40));

        Assert.Contains("insufficient-participation:members", score.Flags);
        Assert.Equal(75m, score.Explanation.Ballots[0].Participation);
        Assert.False(score.Explanation.Ballots[0].Sufficient);
        Assert.Equal(46.67m, score.Explanation.Ballots[0].Satisfaction);
        Assert.Equal(0, score.Level.Ordinal);
    }

    [Fact]
    public void Participation_at_the_threshold_is_sufficient()
    {
        var score = Anyang.Engine().Score(Anyang.Subject("A", 92, satisfied: 32, eligible: 40));

        Assert.DoesNotContain("insufficient-participation:members", score.Flags);
        Assert.Equal(80m, score.Explanation.Ballots[0].Participation);
    }
}

using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Member-level rating (001 篇十五): stars counted, per-star average cap, disqualification, member quotas.</summary>
public sealed class MemberTests
{
    private static readonly RatingEngine Engine = new(TestSchemes.Load(TestSchemes.Members));

    private static SubjectInput Member(string code, string branch, decimal[] scores, params string[] flags)
    {
        var ids = new[] { "dedication", "innovation", "safety", "charity", "honesty" };
        var map = ids.Select((id, i) => (id, scores[i])).ToDictionary(x => x.id, x => x.Item2);
        return new SubjectInput
        {
            Code = code,
            Scopes = new Dictionary<string, string> { ["company"] = "K1", ["branch"] = branch },
            Submissions =
            [
                new RaterSubmission { Group = "members", Rater = "m1", Scores = map },
                new RaterSubmission { Group = "members", Rater = "m2", Scores = map },
                new RaterSubmission { Group = "staff", Rater = "s1", Scores = map },
            ],
            Flags = flags,
        };
    }

    [Fact]
    public void A_star_is_earned_by_each_indicator_at_eight_or_more()
    {
        var score = Engine.Score(Member("M1", "B1", [8, 7.99m, 10, 9, 2]));

        Assert.Equal(3, score.Level.Ordinal);
        Assert.Equal([true, false, true, true, false], score.Explanation.Stars.Select(s => s.Earned));
        Assert.Equal(36.99m, score.Totals.Final);
    }

    [Fact]
    public void The_average_cap_demotes_three_stars_to_two()
    {
        // With 10-point stars earned at 8, three stars already average ≥ 4.8, so the seed's "≤ 4" cannot bind;
        // raise the scheme value to 5 to see the cap work: 8, 8, 8, 0, 0 → 3 stars, average 4.8 ≤ 5 → 2★.
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestSchemes.Members)!.AsObject();
        json["caps"]![0]!["when"]!["value"] = 5;
        var engine = new RatingEngine(TestSchemes.Load(json.ToJsonString()));

        var score = engine.Score(Member("M1", "B1", [8, 8, 8, 0, 0]));

        Assert.Equal(3, score.BandLevel.Ordinal);
        Assert.Equal(2, score.Level.Ordinal);
        Assert.Equal(("cap", "average-at-most-4"), (score.LevelChanges[0].Reason, score.LevelChanges[0].Rule));
    }

    [Fact]
    public void A_disqualified_member_gets_no_star()
    {
        var score = Engine.Score(Member("M1", "B1", [10, 10, 10, 10, 10], "party-warning"));

        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(0, score.Level.Ordinal);
        Assert.Equal("disqualified", Assert.Single(score.LevelChanges).Rule);
    }

    [Fact]
    public void At_least_one_five_star_member_per_branch_survives_the_cap()
    {
        // 12 members, all 5★, in branches B1 (8 members, best scores) and B2 (4): floor(0.1·12) = 1 allowed,
        // but B2's best 5★ is protected → B1's best and B2's best stay 5★; the cap is reported exceeded.
        var inputs = Enumerable.Range(0, 12)
            .Select(i => Member($"M{i:00}", i < 8 ? "B1" : "B2", [10, 10, 10, 10, 10 - i * 0.1m]))
            .ToList();

        var run = Engine.Rate(inputs);

        Assert.Equal(["M00", "M08"], run.Results.Where(r => r.FinalLevel.Ordinal == 5).Select(r => r.Code));
        var cap = run.Quotas.Single(q => q.Quota == "five-star-cap");
        Assert.Equal((12, 1, 12, 2, false), (cap.N, cap.Bound, cap.Before, cap.After, cap.Met));
        Assert.Contains("protected", cap.Note);
        Assert.All(run.Quotas.Where(q => q.Quota == "one-per-branch"), q => Assert.True(q.Met));
        var target = run.Quotas.Single(q => q.Quota == "three-star-target");
        Assert.Equal((8, 12, true), (target.Bound, target.Before, target.Met));
    }

    [Fact]
    public void A_branch_without_a_five_star_member_is_reported_not_promoted()
    {
        var run = Engine.Rate([Member("M1", "B1", [10, 10, 10, 10, 10]), Member("M2", "B2", [10, 10, 10, 10, 5])]);

        var unmet = run.Quotas.Single(q => q is { Quota: "one-per-branch", ScopeValue: "B2" });
        Assert.False(unmet.Met);
        Assert.Equal(4, run.Results[1].FinalLevel.Ordinal);
    }
}

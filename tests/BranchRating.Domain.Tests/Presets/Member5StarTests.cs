using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// member-5star (001 篇十五): members rated on five stars of 10 points by members and non-member staff
/// representatives; ≥ 8 earns a star; 5★ ≤ 10 % (at least one per branch), 4★ ≤ 20 %, 3★ ≥ 60 % reported;
/// average per-star ≤ 4 → at most 2★; disqualification → no star.
/// </summary>
public sealed class Member5StarTests
{
    private const string Id = "member-5star";
    private static readonly string[] Stars = ["dedication", "innovation", "safety", "charity", "integrity"];

    private static Dictionary<string, decimal> Five(params decimal[] scores) =>
        Stars.Select((s, i) => (s, scores[i])).ToDictionary(x => x.s, x => x.Item2);

    private static SubjectInput Member(string code, string branch, decimal[] scores, params string[] flags) => new()
    {
        Code = code,
        Scopes = new Dictionary<string, string> { ["enterprise"] = "E1", ["branch"] = branch },
        Submissions = [By("appraisers", Five(scores), rater: "ballot-1")],
        Flags = flags,
    };

    [Fact]
    public void A_star_is_earned_at_eight_points_and_not_at_seven_point_nine_nine()
    {
        // 10, 8, 7.99, 9, 4 → stars for 爱岗敬业 (10), 技术创新 (8), 奉献爱心 (9) = 3★; total 38.99
        var score = Engine(Id).Score(Member("M01", "A", [10, 8, 7.99m, 9, 4]));

        Assert.Equal(3, score.Level.Ordinal);
        Assert.Equal("三星级党员", score.Level.Label);
        Assert.Equal(38.99m, score.Totals.Final);
        Assert.Equal([true, true, false, true, false], score.Explanation.Stars.Select(s => s.Earned));
    }

    [Fact]
    public void The_appraisers_scores_are_averaged_before_the_threshold()
    {
        // 爱岗敬业 from three ballots: (8 + 8 + 7) / 3 = 7.666… → 7.67 < 8: no star;
        // 技术创新: (8 + 8 + 8.5) / 3 = 8.1666… → 8.17 ≥ 8: star. Other stars 10 from every ballot.
        var input = Member("M01", "A", [8, 8, 10, 10, 10]) with
        {
            Submissions =
            [
                By("appraisers", Five(8, 8, 10, 10, 10), rater: "b1"),
                By("appraisers", Five(8, 8, 10, 10, 10), rater: "b2"),
                By("appraisers", Five(7, 8.5m, 10, 10, 10), rater: "b3"),
            ],
        };

        var score = Engine(Id).Score(input);

        Assert.Equal(7.67m, score.Explanation.Indicators.Single(l => l.Indicator == "dedication").Score);
        Assert.Equal(8.17m, score.Explanation.Indicators.Single(l => l.Indicator == "innovation").Score);
        Assert.Equal(4, score.Level.Ordinal);
    }

    [Theory]
    [InlineData("no-organization-life-6-months")]
    [InlineData("no-dues-6-months")]
    [InlineData("illegal-petition")]
    [InlineData("illegal-organization")]
    [InlineData("party-warning-or-worse")]
    [InlineData("criminal-case")]
    [InlineData("no-assigned-work-6-months")]
    [InlineData("other-violation")]
    public void A_disqualified_member_gets_no_star(string reason)
    {
        var score = Engine(Id).Score(Member("M01", "A", [10, 10, 10, 10, 10], reason));

        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(0, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("cap", "disqualified"), (change.Reason, change.Rule));
    }

    [Fact]
    public void An_average_of_four_per_star_holds_the_cap_which_never_has_to_move_a_star_count()
    {
        // 10 + 10 + 0 + 0 + 0 = 20, average 4 ≤ 4 → at most 2★; the star count is already 2 (three stars need
        // at least 3 × 8 = 24 > 20 points), so the rule holds and changes nothing.
        var score = Engine(Id).Score(Member("M01", "A", [10, 10, 0, 0, 0]));

        Assert.Equal(2, score.Level.Ordinal);
        Assert.Empty(score.LevelChanges);
    }

    private static SubjectInput[] TwentyMembers() =>
    [
        // 5★ (every star ≥ 8)
        Member("A01", "A", [10, 10, 10, 10, 10]), // 50
        Member("A02", "A", [10, 10, 10, 10, 9]),  // 49
        Member("A03", "A", [10, 10, 10, 10, 8]),  // 48
        Member("B01", "B", [9, 9, 9, 9, 9]),      // 45, the only 5★ of branch B
        // 4★
        Member("A04", "A", [10, 10, 10, 10, 0]),  // 40
        Member("B02", "B", [10, 10, 10, 9, 0]),   // 39
        Member("B03", "B", [10, 10, 10, 8, 0]),   // 38
        // 3★ × 13 (27 each)
        .. Enumerable.Range(5, 6).Select(i => Member($"A{i:00}", "A", [9, 9, 9, 0, 0])),
        .. Enumerable.Range(4, 7).Select(i => Member($"B{i:00}", "B", [9, 9, 9, 0, 0])),
    ];

    [Fact]
    public void The_five_star_cap_spares_the_last_five_star_member_of_a_branch_and_cascades_into_four_stars()
    {
        // N = 20 in enterprise E1: 5★ ≤ floor(0.10·20) = 2, 4★ ≤ floor(0.20·20) = 4.
        // 5★ before: A01 50, A02 49, A03 48, B01 45 (4 > 2). From the bottom: B01 is branch B's only 5★ → spared;
        // A03 and A02 → 4★. 4★ now: A02 49, A03 48, A04 40, B02 39, B03 38 (5 > 4) → B03 → 3★.
        var run = Engine(Id).Rate(TwentyMembers());

        Assert.Equal(
            [5, 5, 4, 4, 4, 4, 3],
            new[] { "A01", "B01", "A02", "A03", "A04", "B02", "B03" }.Select(c => LevelOf(run, c)));
        Assert.Equal(("quota-cap", "five-star-cap"), (ResultOf(run, "A02").LevelChanges.Single().Reason, ResultOf(run, "A02").LevelChanges.Single().Rule));
        Assert.Equal("four-star-cap", ResultOf(run, "B03").LevelChanges.Single().Rule);
        Assert.Empty(ResultOf(run, "B01").LevelChanges);
        var five = QuotaOf(run, "five-star-cap", "E1");
        Assert.Equal((2, 4, 2, true), (five.Bound, five.Before, five.After, five.Met));
    }

    [Fact]
    public void Three_stars_at_sixty_percent_are_reported()
    {
        // after the quotas 3★ = 13 + B03 = 14 ≥ ceil(0.60·20) = 12 → met
        var run = Engine(Id).Rate(TwentyMembers());

        var target = QuotaOf(run, "three-star-target", "E1");
        Assert.Equal((12, 14, true), (target.Bound, target.After, target.Met));
        Assert.Equal([true, true], new[] { "A", "B" }.Select(b => QuotaOf(run, "five-star-per-branch", b).Met));
    }

    [Fact]
    public void When_every_five_star_is_the_last_of_its_branch_the_cap_is_reported_exceeded()
    {
        // N = 10: 5★ ≤ floor(0.10·10) = 1, but A01 and B01 are each their branch's only 5★: nobody moves.
        SubjectInput[] members =
        [
            Member("A01", "A", [10, 10, 10, 10, 10]),
            Member("B01", "B", [9, 9, 9, 9, 9]),
            .. Enumerable.Range(2, 4).Select(i => Member($"A{i:00}", "A", [9, 9, 9, 0, 0])),
            .. Enumerable.Range(2, 4).Select(i => Member($"B{i:00}", "B", [9, 9, 9, 0, 0])),
        ];

        var run = Engine(Id).Rate(members);

        Assert.Equal(5, LevelOf(run, "A01"));
        Assert.Equal(5, LevelOf(run, "B01"));
        var five = QuotaOf(run, "five-star-cap", "E1");
        Assert.Equal((1, 2, 0, false), (five.Bound, five.After, five.Moved, five.Met));
        Assert.StartsWith("exceeded", five.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_without_a_five_star_member_is_reported_and_nobody_is_promoted()
    {
        SubjectInput[] members =
        [
            Member("A01", "A", [10, 10, 10, 10, 10]),
            .. Enumerable.Range(1, 5).Select(i => Member($"C{i:00}", "C", [9, 9, 9, 9, 0])),
        ];

        var run = Engine(Id).Rate(members);

        var c = QuotaOf(run, "five-star-per-branch", "C");
        Assert.Equal((1, 0, false), (c.Bound, c.After, c.Met));
        Assert.All(Enumerable.Range(1, 5), i => Assert.True(LevelOf(run, $"C{i:00}") <= 4));
    }

    [Fact]
    public void Members_at_two_stars_or_below_are_flagged_and_ranked_within_enterprise_and_branch()
    {
        SubjectInput[] members =
        [
            Member("A01", "A", [10, 10, 10, 10, 10]), // 50
            Member("A02", "A", [10, 10, 0, 0, 0]),    // 20, 2★
            Member("B01", "B", [9, 9, 9, 0, 0]),      // 27, 3★
        ];

        var run = Engine(Id).Rate(members);

        Assert.Contains("rectification:lagging-members", ResultOf(run, "A02").Flags);
        Assert.DoesNotContain("rectification:lagging-members", ResultOf(run, "B01").Flags);
        var a02 = ResultOf(run, "A02").Ranks;
        Assert.Equal(3, a02.Single(r => r.Scope == "enterprise").Rank); // 50, 27, 20
        Assert.Equal(2, a02.Single(r => r.Scope == "branch").Rank);     // branch A: 50, 20
    }

    [Fact]
    public void Two_five_star_members_tied_on_the_total_are_separated_by_code_whatever_the_order()
    {
        // N = 10 in E1: A02 and A03 both 46 (10 + 9 + 9 + 9 + 9), eight 3★ members; 5★ ≤ floor(0.10·10) = 1.
        // Equal on every order key but code: A02 keeps 5★ (also branch A's one 5★), A03 moves to 4★.
        SubjectInput[] others = [.. Enumerable.Range(4, 8).Select(i => Member($"A{i:00}", "A", [9, 9, 9, 0, 0]))];
        SubjectInput[] tied = [Member("A03", "A", [10, 9, 9, 9, 9]), Member("A02", "A", [10, 9, 9, 9, 9]), Member("A99", "A", [9, 9, 9, 0, 0])];

        var forward = Engine(Id).Rate([.. tied, .. others]);
        var backward = Engine(Id).Rate([.. others.Reverse(), .. tied.Reverse()]);

        Assert.Equal(5, LevelOf(forward, "A02"));
        Assert.Equal(4, LevelOf(forward, "A03"));
        Assert.Equal(forward.Results.Select(r => (r.Code, r.FinalLevel.Ordinal, r.Totals.Final)), backward.Results.Select(r => (r.Code, r.FinalLevel.Ordinal, r.Totals.Final)));
        // competition ranks in the enterprise: A02 and A03 share rank 1
        Assert.Equal([1, 1], new[] { "A02", "A03" }.Select(c => ResultOf(forward, c).Ranks.Single(r => r.Scope == "enterprise").Rank));
    }
}

using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// ten-star (001 篇九): ten stars counted; a voted star needs ≥ 90 % approval (民主测评高于90%, read as ≥ 90 %
/// by RATING-RULES); 法纪星 set from records; bottom of the target assessment → at most 9; fewer than 7 → 整顿.
/// </summary>
public sealed class TenStarTests
{
    private const string Id = "ten-star";
    private static readonly string[] Voted = ["study", "organization-life", "premises", "ecology", "poverty-relief", "individual-1", "individual-2", "individual-3", "individual-4"];

    /// <summary>Every voted star approved approve/total, 法纪星 from records when <paramref name="discipline"/>.</summary>
    private static SubjectInput Org(string code, int approve = 50, int total = 50, bool discipline = true, params string[] flags) => new()
    {
        Code = code,
        StarVotes = Voted.ToDictionary(s => s, _ => new StarVote { Approve = approve, Total = total }),
        Flags = discipline ? [.. flags, "discipline-star"] : flags,
    };

    [Fact]
    public void All_nine_votes_and_the_discipline_record_make_ten_stars()
    {
        var score = Engine(Id).Score(Org("O01"));

        Assert.Equal(10, score.Level.Ordinal);
        Assert.Equal("十星级", score.Level.Label);
        Assert.Equal(10, score.Explanation.Stars.Count(s => s.Earned));
    }

    [Theory]
    [InlineData(45, 50, true)]     // 90 %
    [InlineData(44, 50, false)]    // 88 %
    [InlineData(9, 10, true)]      // 90 %
    [InlineData(899, 1000, false)] // 89.9 %
    [InlineData(19, 21, true)]     // 90.476… → 90.48 %
    [InlineData(26, 29, false)]    // 89.655… → 89.66 %
    public void A_voted_star_needs_ninety_percent_approval(int approve, int total, bool earned)
    {
        var input = Org("O01") with
        {
            StarVotes = Voted.ToDictionary(s => s, s => s == "study" ? new StarVote { Approve = approve, Total = total } : new StarVote { Approve = 50, Total = 50 }),
        };

        var score = Engine(Id).Score(input);

        Assert.Equal(earned, score.Explanation.Stars.Single(s => s.Star == "study").Earned);
        Assert.Equal(earned ? 10 : 9, score.Level.Ordinal);
    }

    [Fact]
    public void The_discipline_star_comes_from_records_without_a_vote()
    {
        var without = Engine(Id).Score(Org("O01", discipline: false));

        Assert.Equal(9, without.Level.Ordinal);
        Assert.False(without.Explanation.Stars.Single(s => s.Star == "discipline").Earned);
    }

    [Fact]
    public void A_star_with_no_vote_is_not_earned()
    {
        // only 学习星 and 组织生活星 voted (50/50), plus 法纪星 from records → 3
        var input = Org("O01") with
        {
            StarVotes = new Dictionary<string, StarVote> { ["study"] = new() { Approve = 50, Total = 50 }, ["organization-life"] = new() { Approve = 50, Total = 50 } },
        };

        Assert.Equal(3, Engine(Id).Score(input).Level.Ordinal);
    }

    [Fact]
    public void A_village_at_the_bottom_of_the_target_assessment_cannot_be_ten_star()
    {
        var score = Engine(Id).Score(Org("O01", flags: "target-assessment-bottom"));

        Assert.Equal(10, score.BandLevel.Ordinal);
        Assert.Equal(9, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("cap", "target-assessment-bottom", 10, 9), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
    }

    [Fact]
    public void The_bottom_flag_changes_nothing_below_ten_stars()
    {
        var score = Engine(Id).Score(Org("O01", discipline: false, flags: "target-assessment-bottom"));

        Assert.Equal(9, score.Level.Ordinal);
        Assert.Empty(score.LevelChanges);
    }

    [Fact]
    public void Organizations_below_seven_stars_are_flagged_for_rectification()
    {
        // O07: 6 voted stars + 法纪星 = 7 → not flagged; O06: 5 + 法纪星 = 6 → flagged
        SubjectInput WithVoted(string code, int n) => Org(code) with
        {
            StarVotes = Voted.Take(n).ToDictionary(s => s, _ => new StarVote { Approve = 50, Total = 50 }),
        };

        var run = Engine(Id).Rate([WithVoted("O07", 6), WithVoted("O06", 5)]);

        Assert.Equal(7, LevelOf(run, "O07"));
        Assert.Equal(6, LevelOf(run, "O06"));
        Assert.Contains("rectification:below-seven-stars", ResultOf(run, "O06").Flags);
        Assert.DoesNotContain("rectification:below-seven-stars", ResultOf(run, "O07").Flags);
    }

    [Fact]
    public void A_vote_for_a_star_the_scheme_does_not_have_is_refused()
    {
        var input = Org("O01") with
        {
            StarVotes = new Dictionary<string, StarVote> { ["family-planning"] = new() { Approve = 50, Total = 50 } },
        };

        var ex = Assert.Throws<RatingInputException>(() => Engine(Id).Score(input));

        Assert.Contains(ex.Errors, e => e.Path == "$.starVotes.family-planning");
    }
}

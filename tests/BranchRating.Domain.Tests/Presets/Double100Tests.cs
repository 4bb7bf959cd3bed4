using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// double-100 (003 §四(四)): two 100-point scores — 党建工作责任制 (primary: tiers) and 中心工作 — both reported
/// and both ranked within the superior committee.
/// </summary>
public sealed class Double100Tests
{
    private const string Id = "double-100";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Org(string code, decimal party, decimal central)
    {
        var scores = Fill(Scheme, party, "party");
        scores["central-work"] = central;
        return Subject(code, Scope("committee", "H1"), By("superior", scores));
    }

    [Fact]
    public void Each_track_adds_up_to_100()
    {
        Assert.Equal(["party", "central"], Scheme.Tracks.Select(t => t.Id));
        Assert.Equal(100m, Scheme.Indicators.Where(i => i.Track == "party").Sum(i => i.Max));   // 4 × 25
        Assert.Equal(100m, Scheme.Indicators.Where(i => i.Track == "central").Sum(i => i.Max));
    }

    [Fact]
    public void Both_scores_are_reported_and_the_party_building_score_gives_the_tier()
    {
        // party 25 + 25 + 25 + 17 = 92 → 优秀; central 70
        var score = Engine(Id).Score(Org("H01", 92, 70));

        Assert.Equal(92m, score.Totals.Final);
        Assert.Equal(92m, score.Totals.Tracks["party"]);
        Assert.Equal(70m, score.Totals.Tracks["central"]);
        Assert.Equal("优秀", score.Level.Label);
    }

    [Theory]
    [InlineData("90", 3)]
    [InlineData("89.99", 2)]
    [InlineData("80", 2)]
    [InlineData("79.99", 1)]
    [InlineData("60", 1)]
    [InlineData("59.99", 0)]
    public void A_high_central_work_score_does_not_lift_the_tier(string party, int tier)
    {
        var score = Engine(Id).Score(Org("H01", decimal.Parse(party, System.Globalization.CultureInfo.InvariantCulture), 100));

        Assert.Equal(tier, score.Level.Ordinal);
    }

    [Fact]
    public void Both_scores_are_ranked()
    {
        // party: H01 92, H02 85, H03 85 — H02 before H03 on the tie-break (central 95 > 60) → 1, 2, 3
        // central: H02 95, H01 70, H03 60 → H02 1, H01 2, H03 3
        var run = Engine(Id).Rate([Org("H01", 92, 70), Org("H02", 85, 95), Org("H03", 85, 60)]);

        int Rank(string code, string by) => ResultOf(run, code).Ranks.Single(r => r.By == by).Rank;
        Assert.Equal([1, 2, 3], new[] { "H01", "H02", "H03" }.Select(c => Rank(c, "final")));
        Assert.Equal([2, 1, 3], new[] { "H01", "H02", "H03" }.Select(c => Rank(c, "track:central")));
        Assert.Equal([3, 2, 2], new[] { "H01", "H02", "H03" }.Select(c => LevelOf(run, c)));
    }
}

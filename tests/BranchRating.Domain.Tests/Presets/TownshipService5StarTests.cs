using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;
using static BranchRating.Domain.Tests.PresetSchemes.PresetInputs;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// township-service-5star (001 篇十六): five service stars of 20 points scored by the township committee;
/// overlapping bands 95–100 / 95–90 / 90–80 / 80–70 / 70–60, a boundary belonging to the higher band;
/// 一票否决 (党风廉政, 计划生育, 安全生产, 综合治理) removes every star and bars stars for one year.
/// </summary>
public sealed class TownshipService5StarTests
{
    private const string Id = "township-service-5star";
    private static Scheme Scheme => Presets.Get(Id);

    private static SubjectInput Village(string code, decimal total, string township = "T1", params VetoEvent[] vetoes) =>
        Subject(code, Scope("township", township), By("township", Fill(Scheme, total))) with { Vetoes = vetoes };

    [Theory]
    [InlineData("100", 5)]
    [InlineData("95", 5)]    // in 95–100 and 95–90: the higher band
    [InlineData("94.99", 4)]
    [InlineData("90", 4)]    // in 95–90 and 90–80: the higher band
    [InlineData("89.99", 3)]
    [InlineData("80", 3)]
    [InlineData("79.99", 2)]
    [InlineData("70", 2)]
    [InlineData("69.99", 1)]
    [InlineData("60", 1)]
    [InlineData("59.99", 0)] // 60分以下无星
    public void Overlapping_boundaries_belong_to_the_higher_band(string total, int stars)
    {
        var t = decimal.Parse(total, CultureInfo.InvariantCulture);

        var score = Engine(Id).Score(Village("V01", t));

        Assert.Equal(t, score.Totals.Final);
        Assert.Equal(stars, score.Level.Ordinal);
    }

    [Fact]
    public void Five_service_stars_of_twenty_points_add_up_to_the_total()
    {
        // 政策宣传 20 + 法律援助 20 + 技能培训 18 + 民生改善 19 + 经济发展 19.5 = 96.5 → 5★
        var scores = new Dictionary<string, decimal>
        {
            ["policy-publicity"] = 20, ["legal-aid"] = 20, ["skills-training"] = 18, ["livelihood"] = 19, ["economy"] = 19.5m,
        };

        var score = Engine(Id).Score(Subject("V01", Scope("township", "T1"), By("township", scores)));

        Assert.Equal(96.5m, score.Totals.Final);
        Assert.Equal("五星级", score.Level.Label);
    }

    [Fact]
    public void Several_township_raters_are_averaged_per_indicator()
    {
        // two raters: 100 and 90 (Fill: 20, 20, 20, 20, 10 on 经济发展) → 经济发展 (20 + 10) / 2 = 15, others 20 → 95 → 5★
        var input = Subject("V01", Scope("township", "T1"), By("township", Fill(Scheme, 100), rater: "a"), By("township", Fill(Scheme, 90), rater: "b"));

        var score = Engine(Id).Score(input);

        Assert.Equal(95m, score.Totals.Final);
        Assert.Equal(15m, score.Explanation.Indicators.Single(l => l.Indicator == "economy").Score);
        Assert.Equal(5, score.Level.Ordinal);
    }

    [Theory]
    [InlineData("party-conduct")]
    [InlineData("family-planning")]
    [InlineData("work-safety")]
    [InlineData("public-order")]
    public void A_veto_of_each_type_removes_every_star(string type)
    {
        var engine = Engine(Id, new RatingOptions { AsOf = new DateOnly(2026, 7, 1) });

        var score = engine.Score(Village("V01", 98, vetoes: new VetoEvent { Type = type, Date = new DateOnly(2026, 3, 1) }));

        Assert.Equal(5, score.BandLevel.Ordinal);
        Assert.Equal(0, score.Level.Ordinal);
        var change = Assert.Single(score.LevelChanges);
        Assert.Equal(("veto", type, 5, 0), (change.Reason, change.Rule, change.From.Ordinal, change.To.Ordinal));
        Assert.Contains($"vetoed:{type}", score.Flags);
    }

    [Theory]
    [InlineData(2025, 7, 2, 0)]  // 12 months after 2025-07-02 is 2026-07-02 > AsOf: still barred
    [InlineData(2025, 7, 1, 5)]  // exactly 12 months before AsOf 2026-07-01: the bar has ended (一年内不予恢复)
    [InlineData(2024, 12, 31, 5)]
    [InlineData(2026, 7, 1, 0)]  // on the rating date
    [InlineData(2026, 7, 2, 5)]  // after the rating date: not counted in this rating
    public void The_veto_bars_stars_for_twelve_months(int y, int m, int d, int stars)
    {
        var engine = Engine(Id, new RatingOptions { AsOf = new DateOnly(2026, 7, 1) });

        var score = engine.Score(Village("V01", 98, vetoes: new VetoEvent { Type = "work-safety", Date = new DateOnly(y, m, d) }));

        Assert.Equal(stars, score.Level.Ordinal);
    }

    [Fact]
    public void A_veto_of_a_type_the_seed_does_not_list_is_refused()
    {
        var ex = Assert.Throws<RatingInputException>(() => Engine(Id).Score(Village("V01", 98, vetoes: new VetoEvent { Type = "traffic", Date = new DateOnly(2026, 3, 1) })));

        Assert.Contains(ex.Errors, e => e is { Path: "$.vetoes[0].type", Rule: "reference" });
    }

    [Fact]
    public void Villages_without_a_star_are_flagged_and_ranked_last_in_their_township()
    {
        // T1: 96 (5★, rank 1), 85 (3★, rank 2), 85 (tie, rank 2), 59 (no star, rank 4) — competition ranking;
        // a vetoed 98 keeps its total and rank but loses its stars. T2 ranks separately.
        var engine = Engine(Id, new RatingOptions { AsOf = new DateOnly(2026, 7, 1) });
        var inputs = new[]
        {
            Village("V01", 96), Village("V02", 85), Village("V03", 85), Village("V04", 59),
            Village("V05", 98, vetoes: new VetoEvent { Type = "public-order", Date = new DateOnly(2026, 1, 10) }),
            Village("W01", 70, township: "T2"),
        };

        var run = engine.Rate(inputs);

        Assert.Equal([2, 3, 3, 5, 1], new[] { "V01", "V02", "V03", "V04", "V05" }.Select(c => ResultOf(run, c).Ranks.Single().Rank));
        Assert.Equal(1, ResultOf(run, "W01").Ranks.Single().Rank);
        Assert.Contains("rectification:no-star", ResultOf(run, "V04").Flags);
        Assert.Contains("rectification:no-star", ResultOf(run, "V05").Flags);
        Assert.DoesNotContain("rectification:no-star", ResultOf(run, "V02").Flags);
        Assert.Equal(0, LevelOf(run, "V05"));
    }
}

using BranchRating.Domain.Lifecycle;

namespace BranchRating.Domain.Tests.Lifecycle;

/// <summary>The lifecycle's plain rules: timelines and reminders, missing input, finality, history flags, §6.10 figures, the veto bar.</summary>
public sealed class LifecycleRuleTests
{
    private static readonly DateTimeOffset Opens = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly StepTimeline Self = new("self-assessment", Opens, Opens.AddDays(4), Opens.AddDays(5));

    [Fact]
    public void A_step_is_not_open_then_open_then_in_grace_then_expired()
    {
        Assert.Equal(
            [StepPhase.NotOpen, StepPhase.Open, StepPhase.Grace, StepPhase.Expired],
            new[] { Opens.AddTicks(-1), Opens, Opens.AddDays(4), Opens.AddDays(5) }.Select(Self.PhaseAt));
    }

    [Fact]
    public void Reminders_fall_due_by_lead_time_once_and_never_before_opening_or_after_the_soft_deadline()
    {
        TimeSpan[] leads = [TimeSpan.FromDays(3), TimeSpan.FromDays(1)];
        Assert.Equal([TimeSpan.FromDays(3)], Self.DueReminders(Opens.AddDays(1), leads, new HashSet<TimeSpan>()));
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(1)], Self.DueReminders(Opens.AddDays(3.5), leads, new HashSet<TimeSpan>()));
        Assert.Equal([TimeSpan.FromDays(1)], Self.DueReminders(Opens.AddDays(3.5), leads, new HashSet<TimeSpan> { TimeSpan.FromDays(3) }));
        Assert.Empty(Self.DueReminders(Opens.AddDays(-1), [TimeSpan.FromDays(10)], new HashSet<TimeSpan>()));
        Assert.Empty(Self.DueReminders(Opens.AddDays(4.5), leads, new HashSet<TimeSpan>()));
    }

    [Fact]
    public void An_extension_moves_the_soft_deadline_and_keeps_the_grace_window()
    {
        var extended = Self.Extend(Opens.AddDays(6));
        Assert.Equal((Opens.AddDays(6), Opens.AddDays(7)), (extended.SoftDeadline, extended.HardExpiry));
        Assert.Contains(new StepTimeline("x", Opens, Opens, Opens).Errors("steps[0]"), e => e.Field == "steps[0].softDeadline");
        Assert.Contains(new StepTimeline("x", Opens, Opens.AddDays(2), Opens.AddDays(1)).Errors("steps[0]"), e => e.Field == "steps[0].hardExpiry");
    }

    [Fact]
    public void Missing_input_is_reported_per_reviewing_committee_with_the_rule_that_applies()
    {
        var ballots = new Dictionary<string, int> { ["members"] = 8 };
        OrganizationInputs[] organizations =
        [
            new("B1", "一支部", "T1", 10, SelfSubmitted: false, Reviewed: true, ballots),
            new("B2", "二支部", "T1", 10, SelfSubmitted: true, Reviewed: false, new Dictionary<string, int> { ["members"] = 7 }),
            new("B3", "三支部", "T2", 10, SelfSubmitted: false, Reviewed: false, new Dictionary<string, int>()),
            new("B4", "四支部", null, 10, SelfSubmitted: true, Reviewed: true, ballots),
        ];
        var self = MissingInput.Report(MissingInput.SelfAssessment, organizations, []);
        Assert.Equal([("T1", "B1"), ("T2", "B3")], self.SelectMany(c => c.Items.Select(i => (c.Committee, i.Code))));
        Assert.All(self.SelectMany(c => c.Items), i => Assert.Equal("rated on the superior's scores alone", i.Consequence));

        var appraisal = MissingInput.Report(MissingInput.Appraisal, organizations, [new ParticipationThreshold("members", 80)]);
        var items = appraisal.SelectMany(c => c.Items).ToList();
        Assert.Equal(["B2", "B3"], items.Select(i => i.Code));
        Assert.Equal("ballot 'members': 7 of 10 eligible (70.0% < 80%)", items[0].Missing);
        Assert.Contains("insufficient-participation", items[0].Consequence);
        Assert.Contains("no satisfaction rate", items[1].Consequence);

        Assert.Equal(["B2", "B3"], MissingInput.Report(MissingInput.SuperiorReview, organizations, []).SelectMany(c => c.Items).Select(i => i.Code));
        Assert.Empty(MissingInput.Report("determination", organizations, []));
    }

    [Fact]
    public void A_result_is_final_only_after_the_notice_with_no_open_objection()
    {
        var notice = new NoticePeriod(1, Opens, Opens.AddDays(7));
        Assert.Equal(Finality.NotPublished, Finality.StatusOf(null, Opens, []));
        Assert.Equal(Finality.UnderNotice, Finality.StatusOf(notice, Opens.AddDays(6), [ObjectionStates.Dismissed]));
        Assert.Equal(Finality.UnderReview, Finality.StatusOf(notice, Opens.AddDays(1), [ObjectionStates.Open]));
        Assert.Equal(Finality.UnderReview, Finality.StatusOf(notice, Opens.AddDays(9), [ObjectionStates.Upheld, ObjectionStates.Open]));
        Assert.Equal(Finality.Final, Finality.StatusOf(notice, Opens.AddDays(7), [ObjectionStates.Upheld, ObjectionStates.Dismissed]));
    }

    [Fact]
    public void History_shows_stars_added_and_removed_consecutive_bottom_ranks_and_years_without_a_star()
    {
        var entries = RatingHistory.Entries(
        [
            new RoundLevel(2025, 1, "c3", 0, "无星", Bottom: true),
            new RoundLevel(2024, 1, "c1", 2, "二星级", Bottom: false),
            new RoundLevel(2024, 2, "c2", 0, "无星", Bottom: true),
            new RoundLevel(2026, 1, "c4", 0, "无星", Bottom: true),
        ]);
        Assert.Equal([null, -2, 0, 0], entries.Select(e => e.Change));
        var flags = RatingHistory.Flags(entries, years: 3);
        Assert.Equal((3, true, 3), (flags.ConsecutiveBottomRounds, flags.YearsWithoutStar, flags.YearsWithoutStarCount));
        Assert.False(RatingHistory.Flags(entries.Take(3).ToList(), years: 3).YearsWithoutStar);
        Assert.Equal(["a", "b"], RatingHistory.BottomCodes([("c", 70m), ("b", 50m), ("a", 50m), ("d", 90m), ("e", 95m), ("f", 99m), ("g", 99m), ("h", 99m), ("i", 99m), ("j", 99m), ("k", 99m)], 0.1m).Order());
    }

    [Fact]
    public void Figures_count_improved_advanced_upgraded_average_and_converted_lagging()
    {
        (int, int)[] pairs = [(5, 5), (4, 3), (4, 5), (3, 4), (2, 2), (1, 2), (0, 0), (1, 1)];
        var f = CampaignFigures.Compute("overall", pairs, new FigureBands(AdvancedFrom: 4, LaggingUpTo: 1), topLevel: 5);
        Assert.Equal((8, 3, 66.7m), (f.Compared, f.Advanced, f.AdvancedImprovementRate!.Value));
        Assert.Equal((2, 50.0m), (f.Average, f.AverageUpgradeRate!.Value));
        Assert.Equal((3, 33.3m), (f.Lagging, f.LaggingConversionRate!.Value));
        Assert.Equal(37.5m, f.RoseShare);
        Assert.Null(CampaignFigures.Compute("empty", [], new FigureBands(4, 1), 5).RoseShare);
    }

    [Fact]
    public void A_veto_bars_later_campaigns_for_its_months_only()
    {
        RecordedVeto[] vetoes = [new("c2026", "v1", "B1", "violation", new DateOnly(2026, 7, 5)), new("c2025", "v0", "B2", "violation", new DateOnly(2025, 3, 1))];
        Assert.Equal(["B1"], VetoCarry.StillBarring(vetoes, new DateOnly(2027, 3, 20), 12).Select(v => v.Code));
        Assert.Empty(VetoCarry.StillBarring(vetoes, new DateOnly(2027, 7, 5), 12));
        Assert.Empty(VetoCarry.StillBarring(vetoes, new DateOnly(2027, 3, 20), 0));
    }
}

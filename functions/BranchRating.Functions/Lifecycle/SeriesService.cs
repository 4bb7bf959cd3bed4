using System.Text.Json;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Lifecycle;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Lifecycle;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// Rounds and history (dynamic management): campaigns registered as rounds of a series, vetoes carried into later
/// rounds while their bar lasts, each organization's ratings across rounds and campaigns, and the §6.10 figures.
/// </summary>
public sealed class SeriesService(
    SeriesStore series, CampaignStore campaigns, SubmissionStore submissions, RosterStore roster, NoticeService notices, PublishedResultReader results,
    LifecycleStore lifecycle, ReRatingPublisher reRating, RatingAdapter rating, TimeProvider time, IOptions<LifecycleOptions> options)
{
    public async Task<RoundResponse> RegisterAsync(string seriesId, int year, int round, RegisterRoundRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        if (!Partitions.IsValidKeyPart(seriesId)) throw LifecycleProblem.Invalid("seriesId", "Letters, digits and '-' only (no / \\ # ? |).");
        if (year is < 2000 or > 2200) throw LifecycleProblem.Invalid("year", "A calendar year, e.g. 2026.");
        if (round is < 1 or > 12) throw LifecycleProblem.Invalid("round", "From 1 to 12.");
        if (string.IsNullOrWhiteSpace(request.CampaignId)) throw LifecycleProblem.Invalid("campaignId", "Name the campaign of this round.");
        var campaign = await notices.CampaignAsync(request.CampaignId, cancellationToken);
        if (!await series.RegisterAsync(new SeriesRound(seriesId, year, round, campaign.Campaign.Id, by, time.GetUtcNow()), cancellationToken))
        {
            throw LifecycleProblem.Conflict("round", $"Round {round} of {year} in series '{seriesId}' is registered to another campaign.");
        }

        var earlier = (await series.ListAsync(seriesId, cancellationToken)).Where(r => (r.Year, r.Round).CompareTo((year, round)) < 0 && r.CampaignId != campaign.Campaign.Id).ToList();
        var carried = await CarryVetoesAsync(campaign, earlier, cancellationToken);
        return new RoundResponse(seriesId, year, round, campaign.Campaign.Id, carried.Select(ToResponse).ToList());
    }

    /// <summary>Writes every earlier veto still barring on the campaign's rating date into the campaign as a veto adjustment (idempotent).</summary>
    private async Task<IReadOnlyList<RecordedVeto>> CarryVetoesAsync(CampaignSnapshot campaign, IReadOnlyList<SeriesRound> earlier, CancellationToken cancellationToken)
    {
        var barMonths = rating.Scheme(campaign.Campaign.SchemeJson).Veto?.BarMonths ?? 0;
        if (barMonths <= 0 || earlier.Count == 0 || campaign.Steps.Count == 0) return [];
        var asOf = RatingDate.Of(campaign)!.Value;
        var recorded = new List<RecordedVeto>();
        foreach (var r in earlier) recorded.AddRange(await VetoesAsync(r.CampaignId, cancellationToken));
        var barring = VetoCarry.StillBarring(recorded.DistinctBy(v => (v.Code, v.Type, v.Date)), asOf, barMonths);
        var carried = new List<RecordedVeto>();
        var now = time.GetUtcNow();
        foreach (var v in barring)
        {
            if (await roster.GetAsync(campaign.Campaign.Id, campaign.Campaign.Buckets, v.Code, cancellationToken) is null) continue;
            var data = JsonSerializer.Serialize(new AdjustmentEventRequest
            {
                Kind = AdjustmentKinds.Veto, Type = v.Type, Date = v.Date, Note = $"carried from campaign {v.SourceCampaign}: bar of {barMonths} months",
            }, JsonSerializerOptions.Web);
            var id = $"carried-{v.SourceCampaign}-{v.SourceId}";
            await submissions.SaveAsync(campaign.Campaign.Id, campaign.Campaign.Buckets,
                new SubmissionRecord(v.Code, SubmissionRecord.Adjustment, id, SubmissionRecord.Accepted, data, now, now, default),
                null, id, new StoredResponse(202, "{}", id), cancellationToken);
            carried.Add(v);
        }

        return carried;
    }

    private async Task<IReadOnlyList<RecordedVeto>> VetoesAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return [];
        var list = new List<RecordedVeto>();
        for (var bucket = 0; bucket < campaign.Campaign.Buckets; bucket++)
        {
            foreach (var group in await submissions.ListBucketAsync(campaignId, bucket, cancellationToken))
            {
                foreach (var s in group.Where(s => s.Kind == SubmissionRecord.Adjustment))
                {
                    var a = JsonSerializer.Deserialize<AdjustmentEventRequest>(s.Data, JsonSerializerOptions.Web);
                    if (a is { Kind: AdjustmentKinds.Veto, Type: { } type, Date: { } date }) list.Add(new RecordedVeto(campaignId, s.Id, s.Code, type, date));
                }
            }
        }

        return list;
    }

    public async Task<HistoryResponse> HistoryAsync(string seriesId, string code, CancellationToken cancellationToken)
    {
        var rounds = await series.ListAsync(seriesId, cancellationToken);
        if (rounds.Count == 0) throw LifecycleProblem.NotFound("seriesId", $"Series '{seriesId}' has no rounds.");
        var levels = new List<RoundLevel>();
        var vetoes = new List<RecordedVeto>();
        var absences = new SortedDictionary<int, int>();
        LoweringRule? lowering = null;
        var loweredYears = new HashSet<int>();
        foreach (var r in rounds)
        {
            var campaign = await campaigns.GetAsync(r.CampaignId, cancellationToken);
            if (campaign is null) continue;
            vetoes.AddRange((await VetoesAsync(r.CampaignId, cancellationToken)).Where(v => v.Code == code));
            absences[r.Year] = absences.GetValueOrDefault(r.Year) + await AbsencesAsync(campaign, code, cancellationToken);
            lowering = rating.Scheme(campaign.Campaign.SchemeJson).Lowerings.FirstOrDefault(l => l.When is { Test: ConditionTest.EventsAtLeast, Name: AbsenceEvent }) ?? lowering;
            if (campaign.Publication.Version <= 0) continue;
            var view = (await notices.ResultsAsync(campaign, null, cancellationToken));
            var mine = view.Items.FirstOrDefault(i => i.Code == code);
            if (mine is null) continue;
            var totals = await results.ListAsync(r.CampaignId, view.Version, campaign.Campaign.Buckets, cancellationToken);
            var bottom = RatingHistory.BottomCodes(totals.Select(t => (t.Code, t.FinalTotal)), options.Value.BottomShare);
            levels.Add(new RoundLevel(r.Year, r.Round, r.CampaignId, mine.LevelOrdinal, mine.Level, bottom.Contains(code)));
            if (lowering is not null && totals.FirstOrDefault(t => t.Code == code) is { } own && ReRatingPublisher.RulesApplied(own.ResultJson).Contains(lowering.Id)) loweredYears.Add(r.Year);
        }

        if (levels.Count == 0) throw LifecycleProblem.NotFound("code", $"Organization '{code}' has no published result in series '{seriesId}'.");
        var entries = RatingHistory.Entries(levels);
        var flags = RatingHistory.Flags(entries, options.Value.YearsWithoutStar);
        return new HistoryResponse(seriesId, code,
            entries.Select(e => new HistoryEntryResponse(e.Year, e.Round, e.CampaignId, e.Level, e.Label, e.Change, ChangeText(e.Change), e.Bottom)).ToList(),
            flags.ConsecutiveBottomRounds, flags.YearsWithoutStarCount, flags.YearsWithoutStar,
            vetoes.DistinctBy(v => (v.Type, v.Date)).Select(ToResponse).ToList(),
            absences.Select(a => new YearAbsencesResponse(a.Key, a.Value, lowering is null ? null : (int)lowering.When.Value,
                lowering is not null && a.Value >= lowering.When.Value, lowering?.Reason, loweredYears.Contains(a.Key))).ToList());
    }

    public const string AbsenceEvent = "absence";

    /// <summary>
    /// The year-end pass on a round: each organization's absences summed over the year's rounds up to this one are tested
    /// against the scheme's lowering rule; those reaching it and not yet lowered by it are lowered in a new published
    /// version, the rule and the count in their result's level changes. Before the round's notice, so the notice shows it.
    /// </summary>
    public async Task<YearEndResponse> YearEndAsync(string seriesId, int year, int round, YearEndRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var rounds = await series.ListAsync(seriesId, cancellationToken);
        var target = rounds.FirstOrDefault(r => r.Year == year && r.Round == round) ?? throw LifecycleProblem.NotFound("round", $"Series '{seriesId}' has no round {round} of {year}.");
        var campaign = await notices.CampaignAsync(target.CampaignId, cancellationToken);
        if (campaign.Publication.Version <= 0) throw LifecycleProblem.Conflict("round", $"The results of round {round} of {year} are not published yet.");
        if (await lifecycle.GetNoticeAsync(target.CampaignId, cancellationToken) is not null)
        {
            throw LifecycleProblem.Conflict("notice", "The round's notice has started: the year-end lowering is applied before the notice, so that the notice shows it.");
        }

        var scheme = rating.Scheme(campaign.Campaign.SchemeJson);
        var rule = YearEndLowering.RuleFor(scheme, AbsenceEvent) ?? throw LifecycleProblem.Conflict("round", $"The scheme has no lowering on '{AbsenceEvent}' events.");
        var absences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rounds.Where(r => r.Year == year && r.Round <= round))
        {
            foreach (var (code, count) in await AbsenceCountsAsync(r.CampaignId, cancellationToken)) absences[code] = absences.GetValueOrDefault(code) + count;
        }

        var subjects = (await results.ListAsync(campaign.Campaign.Id, campaign.Publication.Version, campaign.Campaign.Buckets, cancellationToken))
            .Select(r => new YearEndSubject(r.Code, scheme.Levels.First(l => l.Ordinal == r.LevelOrdinal), ReRatingPublisher.RulesApplied(r.ResultJson), absences.GetValueOrDefault(r.Code)));
        var changes = YearEndLowering.Apply(subjects, rule, scheme.Levels, year).ToDictionary(c => c.Code, c => c.Change, StringComparer.Ordinal);
        long? version = null;
        if (changes.Count > 0)
        {
            version = await reRating.PublishChangesAsync(campaign, campaign.Publication.Version, (code, _, _) => changes.TryGetValue(code, out var c) ? [c] : [],
                $"Year-end lowering {year} ({rule.Id}) by {by}: {changes.Count} organizations.", cancellationToken);
        }

        return new YearEndResponse(seriesId, year, round, campaign.Campaign.Id, version,
            changes.Select(c => new YearEndLoweredResponse(c.Key, absences[c.Key], c.Value.From.Ordinal, c.Value.To.Ordinal, c.Value.Rule, c.Value.Detail)).ToList());
    }

    /// <summary>Unexcused absences per organization recorded in one campaign (event adjustments, with their counts).</summary>
    private async Task<Dictionary<string, int>> AbsenceCountsAsync(string campaignId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return counts;
        for (var bucket = 0; bucket < campaign.Campaign.Buckets; bucket++)
        {
            foreach (var group in await submissions.ListBucketAsync(campaignId, bucket, cancellationToken))
            {
                foreach (var s in group.Where(s => s.Kind == SubmissionRecord.Adjustment))
                {
                    var a = JsonSerializer.Deserialize<AdjustmentEventRequest>(s.Data, JsonSerializerOptions.Web);
                    if (a is { Type: AbsenceEvent } && (a.Kind ?? AdjustmentKinds.Event) == AdjustmentKinds.Event) counts[s.Code] = counts.GetValueOrDefault(s.Code) + (a.Count ?? 1);
                }
            }
        }

        return counts;
    }

    /// <summary>Unexcused absences recorded for the organization in one campaign (event adjustments, with their counts).</summary>
    private async Task<int> AbsencesAsync(CampaignSnapshot campaign, string code, CancellationToken cancellationToken) =>
        (await submissions.ListSubjectAsync(campaign.Campaign.Id, campaign.Campaign.Buckets, code, cancellationToken))
            .Where(s => s.Kind == SubmissionRecord.Adjustment)
            .Select(s => JsonSerializer.Deserialize<AdjustmentEventRequest>(s.Data, JsonSerializerOptions.Web))
            .Where(a => a is { Type: AbsenceEvent } && (a.Kind ?? AdjustmentKinds.Event) == AdjustmentKinds.Event)
            .Sum(a => a!.Count ?? 1);

    public async Task<FiguresResponse> FiguresAsync(string seriesId, int year, int round, CancellationToken cancellationToken)
    {
        var rounds = await series.ListAsync(seriesId, cancellationToken);
        var index = rounds.ToList().FindIndex(r => r.Year == year && r.Round == round);
        if (index < 0) throw LifecycleProblem.NotFound("round", $"Series '{seriesId}' has no round {round} of {year}.");
        var current = await LevelsAsync(rounds[index].CampaignId, cancellationToken);
        var previous = index > 0 ? await LevelsAsync(rounds[index - 1].CampaignId, cancellationToken) : [];
        var campaign = await notices.CampaignAsync(rounds[index].CampaignId, cancellationToken);
        var top = rating.Scheme(campaign.Campaign.SchemeJson).Levels.Max(l => l.Ordinal);
        var bands = new FigureBands(options.Value.AdvancedFrom, options.Value.LaggingUpTo);
        var pairs = current.Where(c => previous.ContainsKey(c.Key)).Select(c => (Region: c.Value.Region, Before: previous[c.Key].Level, After: c.Value.Level)).ToList();
        var overall = CampaignFigures.Compute("overall", pairs.Select(p => (p.Before, p.After)), bands, top);
        var regions = pairs.GroupBy(p => p.Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => CampaignFigures.Compute(g.Key, g.Select(p => (p.Before, p.After)), bands, top)).Select(ToResponse).ToList();
        return new FiguresResponse(seriesId, year, round, rounds[index].CampaignId, index > 0 ? rounds[index - 1].CampaignId : null, ToResponse(overall), regions);
    }

    /// <summary>The levels of the round before <paramref name="campaignId"/>'s round in the series (empty when it is the first).</summary>
    public async Task<IReadOnlyDictionary<string, int>> PreviousLevelsAsync(string seriesId, string campaignId, CancellationToken cancellationToken)
    {
        var rounds = (await series.ListAsync(seriesId, cancellationToken)).ToList();
        var index = rounds.FindIndex(r => r.CampaignId == campaignId);
        if (index < 0) throw LifecycleProblem.NotFound("seriesId", $"Campaign '{campaignId}' is not a round of series '{seriesId}'.");
        return index == 0 ? new Dictionary<string, int>() : (await LevelsAsync(rounds[index - 1].CampaignId, cancellationToken)).ToDictionary(x => x.Key, x => x.Value.Level, StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, (string Region, int Level)>> LevelsAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await notices.CampaignAsync(campaignId, cancellationToken);
        if (campaign.Publication.Version <= 0) return [];
        return (await notices.ResultsAsync(campaign, null, cancellationToken)).Items.ToDictionary(i => i.Code, i => (i.Region, i.LevelOrdinal), StringComparer.Ordinal);
    }

    private static string? ChangeText(int? change) => change switch
    {
        null => null,
        > 0 => $"+{change}★ (升星)",
        < 0 => $"{change}★ (摘星)",
        _ => "=",
    };

    private static CarriedVetoResponse ToResponse(RecordedVeto v) => new(v.Code, v.Type, v.Date, v.SourceCampaign);

    private static RoundFiguresResponse ToResponse(RoundFigures f) =>
        new(f.Scope, f.Compared, f.Advanced, f.AdvancedImprovementRate, f.Average, f.AverageUpgradeRate, f.Lagging, f.LaggingConversionRate, f.RoseShare);
}

namespace BranchRating.Domain.Lifecycle;

/// <summary>One organization's result in one round of a series (rounds ordered by year, then round).</summary>
public sealed record RoundLevel(int Year, int Round, string CampaignId, int Level, string Label, bool Bottom);

/// <summary>A round of the history with the change from the round before (+ stars added, − removed).</summary>
public sealed record HistoryEntry(int Year, int Round, string CampaignId, int Level, string Label, int? Change, bool Bottom);

/// <summary>What the history says about the organization now (dynamic management, §6.8–6.9).</summary>
public sealed record HistoryFlags(int ConsecutiveBottomRounds, bool YearsWithoutStar, int YearsWithoutStarCount);

/// <summary>Builds an organization's history across rounds and campaigns and its flags.</summary>
public static class RatingHistory
{
    public static IReadOnlyList<HistoryEntry> Entries(IEnumerable<RoundLevel> rounds)
    {
        var ordered = rounds.OrderBy(r => r.Year).ThenBy(r => r.Round).ToList();
        return ordered.Select((r, i) => new HistoryEntry(r.Year, r.Round, r.CampaignId, r.Level, r.Label, i == 0 ? null : r.Level - ordered[i - 1].Level, r.Bottom)).ToList();
    }

    /// <summary>
    /// Consecutive latest rounds in the bottom ranks; whether the last <paramref name="years"/> distinct years all
    /// ended with no star (level 0) — the 篇十六 flag for replacing the secretary.
    /// </summary>
    public static HistoryFlags Flags(IReadOnlyList<HistoryEntry> entries, int years)
    {
        var bottom = 0;
        for (var i = entries.Count - 1; i >= 0 && entries[i].Bottom; i--) bottom++;
        var yearEnds = entries.GroupBy(e => e.Year).OrderByDescending(g => g.Key).Select(g => g.Last().Level).ToList();
        var withoutStar = yearEnds.TakeWhile(l => l == 0).Count();
        return new HistoryFlags(bottom, years > 0 && withoutStar >= years, withoutStar);
    }

    /// <summary>The bottom ranks of a round: the lowest ceil(share·N) final totals (ties broken by code).</summary>
    public static IReadOnlySet<string> BottomCodes(IEnumerable<(string Code, decimal Total)> results, decimal share)
    {
        var list = results.OrderBy(r => r.Total).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var n = (int)Math.Ceiling(share * list.Count);
        return list.Take(n).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>Bands of the §6.10 figures over levels: advanced at or above <see cref="AdvancedFrom"/>, lagging at or below <see cref="LaggingUpTo"/>.</summary>
public sealed record FigureBands(int AdvancedFrom, int LaggingUpTo);

/// <summary>One scope's figures of a round against the round before; rates are percentages (null when nobody was in the group).</summary>
public sealed record RoundFigures(
    string Scope, int Compared, int Advanced, decimal? AdvancedImprovementRate, int Average, decimal? AverageUpgradeRate, int Lagging, decimal? LaggingConversionRate, decimal? RoseShare);

/// <summary>
/// Campaign figures of §6.10 per scope: improvement rate of the advanced (advanced before that rose or stayed at the
/// top level), upgrade rate of the average (rose), conversion rate of the lagging (left the lagging band, target
/// 100%), share of all organizations that rose a level (晋位升级).
/// </summary>
public static class CampaignFigures
{
    public static RoundFigures Compute(string scope, IEnumerable<(int Before, int After)> pairs, FigureBands bands, int topLevel)
    {
        var list = pairs.ToList();
        var advanced = list.Where(p => p.Before >= bands.AdvancedFrom).ToList();
        var lagging = list.Where(p => p.Before <= bands.LaggingUpTo).ToList();
        var average = list.Where(p => p.Before > bands.LaggingUpTo && p.Before < bands.AdvancedFrom).ToList();
        return new RoundFigures(scope, list.Count,
            advanced.Count, Rate(advanced.Count(p => p.After > p.Before || p.After == topLevel), advanced.Count),
            average.Count, Rate(average.Count(p => p.After > p.Before), average.Count),
            lagging.Count, Rate(lagging.Count(p => p.After > bands.LaggingUpTo), lagging.Count),
            Rate(list.Count(p => p.After > p.Before), list.Count));
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);
}

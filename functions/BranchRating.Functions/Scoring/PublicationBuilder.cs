using BranchRating.Storage.Results;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Turns a ranked run into the rows of a publication: one result per organization, a ranking per value of each
/// ranking scope (the engine's rank in that scope when it computed one, else its run order) and level counts.
/// </summary>
public static class PublicationBuilder
{
    public static PublicationContent Build(
        IReadOnlyList<RankedSubject> ranked, IReadOnlyDictionary<string, OrganizationRecord> organizations, IEnumerable<string> rankingScopes, IEnumerable<string> distributionScopes)
    {
        var rows = ranked.Where(r => organizations.ContainsKey(r.Code)).Select((r, order) => (Result: r, Org: organizations[r.Code], Order: order)).ToList();
        var published = rows.Select(x => new PublishedResult(
            x.Result.Code, x.Org.Name, x.Org.Region, x.Org.County, x.Org.Field, x.Result.FinalTotal, x.Result.LevelOrdinal, x.Result.Level, x.Result.Ranks, x.Result.ResultJson)).ToList();

        var rankings = new Dictionary<(string, string), IReadOnlyList<PublishedRankingEntry>>();
        foreach (var scope in rankingScopes)
        {
            foreach (var group in rows.GroupBy(x => Attribute(x.Org, scope)))
            {
                var ordered = group.OrderBy(x => x.Result.Ranks.TryGetValue(scope, out var rank) ? rank : int.MaxValue).ThenBy(x => x.Order).ToList();
                rankings[(scope, group.Key)] = ordered.Select((x, i) => new PublishedRankingEntry(
                    x.Result.Ranks.TryGetValue(scope, out var rank) ? rank : i + 1, x.Result.Code, x.Org.Name, x.Result.FinalTotal, x.Result.LevelOrdinal, x.Result.Level)).ToList();
            }
        }

        var distributions = distributionScopes.ToDictionary(
            scope => scope,
            scope => (IReadOnlyList<PublishedDistribution>)rows.GroupBy(x => Attribute(x.Org, scope)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PublishedDistribution(g.Key, g.Count(), g.GroupBy(x => x.Result.Level).ToDictionary(l => l.Key, l => l.Count()))).ToList());

        return new PublicationContent(published, rankings, distributions);
    }

    /// <summary>The organization attribute a scope kind names: region, county, field, or "all" (one province-wide scope).</summary>
    public static string Attribute(OrganizationRecord o, string scope) => scope switch
    {
        "region" => o.Region,
        "county" => o.County,
        "field" => o.Field,
        _ => "all",
    };
}

using BranchRating.Storage.Results;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Turns a ranked run into the rows of a publication: one result per organization, a ranking per value of each
/// ranking scope (the engine's rank in that scope when it computed one, else by final total) and level counts.
/// </summary>
public static class PublicationBuilder
{
    public static PublicationContent Build(
        IReadOnlyList<RankedSubject> ranked, IReadOnlyDictionary<string, OrganizationRecord> organizations, IEnumerable<string> rankingScopes, IEnumerable<string> distributionScopes)
    {
        var rows = ranked.Where(r => organizations.ContainsKey(r.Code)).Select(r => (Result: r, Org: organizations[r.Code])).ToList();
        var published = rows.Select(x => new PublishedResult(
            x.Result.Code, x.Org.Name, x.Org.Region, x.Org.County, x.Org.Field, x.Result.FinalTotal, x.Result.LevelOrdinal, x.Result.Level, x.Result.Ranks, x.Result.ResultJson)).ToList();

        var rankings = new Dictionary<(string, string), IReadOnlyList<PublishedRankingEntry>>();
        foreach (var scope in rankingScopes)
        {
            foreach (var group in rows.GroupBy(x => Attribute(x.Org, scope)))
            {
                // The engine's rank where the scheme ranks in this scope; otherwise final total, level, then code, competition style.
                var engineRanked = group.All(x => x.Result.Ranks.ContainsKey(scope));
                var ordered = engineRanked
                    ? group.OrderBy(x => x.Result.Ranks[scope]).ThenBy(x => x.Result.Code, StringComparer.Ordinal).ToList()
                    : group.OrderByDescending(x => x.Result.FinalTotal).ThenByDescending(x => x.Result.LevelOrdinal).ThenBy(x => x.Result.Code, StringComparer.Ordinal).ToList();
                var entries = new List<PublishedRankingEntry>(ordered.Count);
                for (var i = 0; i < ordered.Count; i++)
                {
                    var x = ordered[i];
                    var rank = engineRanked ? x.Result.Ranks[scope]
                        : i > 0 && ordered[i - 1].Result.FinalTotal == x.Result.FinalTotal && ordered[i - 1].Result.LevelOrdinal == x.Result.LevelOrdinal ? entries[i - 1].Rank : i + 1;
                    entries.Add(new PublishedRankingEntry(rank, x.Result.Code, x.Org.Name, x.Result.FinalTotal, x.Result.LevelOrdinal, x.Result.Level));
                }

                rankings[(scope, group.Key)] = entries;
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

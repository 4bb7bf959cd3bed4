namespace BranchRating.Storage.Results;

/// <summary>One organization's published result; <see cref="ResultJson"/> is the engine's SubjectResult with its explanation.</summary>
public sealed record PublishedResult(
    string Code, string Name, string Region, string County, string Field, decimal FinalTotal, int LevelOrdinal, string Level,
    IReadOnlyDictionary<string, int> Ranks, string ResultJson);

public sealed record PublishedRankingEntry(int Rank, string Code, string Name, decimal FinalTotal, int LevelOrdinal, string Level);

/// <summary>Level counts for one value of a scope kind (e.g. region = 建阳区).</summary>
public sealed record PublishedDistribution(string Value, int Total, IReadOnlyDictionary<string, int> Levels);

/// <summary>Everything of one publication version, written before the pointer flips to it.</summary>
public sealed record PublicationContent(
    IReadOnlyList<PublishedResult> Results,
    IReadOnlyDictionary<(string Scope, string Value), IReadOnlyList<PublishedRankingEntry>> Rankings,
    IReadOnlyDictionary<string, IReadOnlyList<PublishedDistribution>> Distributions);

/// <summary>Organizations per level of a publication (what its announcement lists), best level first.</summary>
public sealed record LevelCount(int LevelOrdinal, string Level, int Count);

/// <summary>What a publication's announcement says: how many organizations it rated, and how many reached each level.</summary>
public sealed record PublicationSummary(int Organizations, IReadOnlyList<LevelCount> Levels)
{
    public static PublicationSummary Of(PublicationContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new(content.Results.Count, content.Results
            .GroupBy(r => (r.LevelOrdinal, r.Level))
            .OrderByDescending(g => g.Key.LevelOrdinal).ThenBy(g => g.Key.Level, StringComparer.Ordinal)
            .Select(g => new LevelCount(g.Key.LevelOrdinal, g.Key.Level, g.Count()))
            .ToList());
    }
}

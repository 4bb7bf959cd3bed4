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

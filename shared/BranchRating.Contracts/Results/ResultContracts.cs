using System.Text.Json;

namespace BranchRating.Contracts.Results;

/// <summary>One organization's published result with the engine's full explanation (as the engine serializes it).</summary>
public sealed record OrganizationResultResponse(
    string CampaignId,
    long Version,
    DateTimeOffset PublishedAt,
    string Code,
    string Name,
    string Region,
    string County,
    string Field,
    decimal FinalTotal,
    int LevelOrdinal,
    string Level,
    IReadOnlyDictionary<string, int> Ranks,
    JsonElement Result,
    PublishedAuditAnchor? AuditAnchor = null);

/// <summary>
/// The campaign's audit chain head when this version was published (last record's sequence and hash): verification
/// compares the chain with it, so history rewritten and recomputed before the publication is detected.
/// </summary>
public sealed record PublishedAuditAnchor(long Version, long Sequence, string HeadHash);

public sealed record RankingEntry(int Rank, string Code, string Name, decimal FinalTotal, int LevelOrdinal, string Level);

public sealed record RankingPage(
    string CampaignId, long Version, string Scope, string Value, IReadOnlyList<RankingEntry> Items, string? ContinuationToken);

public sealed record DistributionResponse(string CampaignId, long Version, string Scope, IReadOnlyList<DistributionRow> Rows);

/// <summary>Counts of organizations per level label within one scope value (e.g. one region).</summary>
public sealed record DistributionRow(string Value, int Total, IReadOnlyDictionary<string, int> Levels);

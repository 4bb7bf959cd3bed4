namespace BranchRating.Contracts.Messages;

/// <summary>
/// On <c>submissions</c>: score these subjects of one campaign from their stored inputs (a recompute, so redelivery
/// never double-counts). Carries keys only: at most <see cref="MaxCodes"/> codes keeps it far below 48 KiB.
/// </summary>
public sealed record ScoreSubjectsMessage(int V, string CampaignId, IReadOnlyList<string> Codes)
{
    public const int Version1 = 1;
    public const int MaxCodes = 200;
}

/// <summary>
/// On <c>ranking</c>: one stage of publishing version <see cref="Version"/> of a campaign's results.
/// <see cref="Stage"/> <c>score-bucket</c> rescoring one partition bucket, then <c>rank</c> ranking everything and
/// writing the version, then flipping the pointer. A scoring ahead of the determination (version 0) scores its buckets,
/// then <c>prepare</c> ranks and writes a version that the final close may publish.
/// </summary>
public sealed record RankingMessage(int V, string Stage, string CampaignId, string OperationId, long Version, int? Bucket)
{
    public const int Version1 = 1;
    public const string ScoreBucket = "score-bucket";
    public const string Rank = "rank";
    public const string Prepare = "prepare";
}

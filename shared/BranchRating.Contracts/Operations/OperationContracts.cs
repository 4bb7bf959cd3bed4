namespace BranchRating.Contracts.Operations;

/// <summary>A long-running operation (close, recompute, replay): poll its status URL.</summary>
public sealed record OperationResponse(
    string Id,
    string CampaignId,
    string Kind,
    string Status,
    int Done,
    int Total,
    long? Version,
    string? Detail,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string StatusUrl);

public static class OperationKinds
{
    public const string Publish = "publish";
    public const string CloseStep = "close-step";
    public const string Recompute = "recompute";

    /// <summary>Scoring every bucket ahead of the determination, started when the last input step closes.</summary>
    public const string Score = "score";
    public const string ReplayPoison = "replay-poison";

    /// <summary>An upheld objection's re-rating published as a new version.</summary>
    public const string ReRate = "re-rate";
}

public static class OperationStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>v1: close a step now (the department may close early).</summary>
public sealed record CloseStepRequest(string? Step = null);

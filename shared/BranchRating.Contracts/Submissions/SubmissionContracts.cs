namespace BranchRating.Contracts.Submissions;

/// <summary>v1 self-assessment: a score per indicator id, the proposed level and the declaration text.</summary>
public sealed record SelfAssessmentRequest
{
    public IReadOnlyDictionary<string, decimal>? Scores { get; init; }
    public int? ProposedLevel { get; init; }
    public string? Declaration { get; init; }
}

/// <summary>
/// v1 review by one reviewer of a rater group (default: the scheme's superior group). Several reviewers of the same
/// group are combined by the engine; a reviewer's later review replaces the earlier one.
/// </summary>
public sealed record SuperiorReviewRequest
{
    public string? Group { get; init; }
    public string? Reviewer { get; init; }
    public IReadOnlyDictionary<string, decimal>? Scores { get; init; }
    public int? ProposedLevel { get; init; }
}

/// <summary>v1 ballots of one organization: at most <see cref="MaxPerRequest"/> per request, each with its single-use token.</summary>
public sealed record BallotBatchRequest(IReadOnlyList<BallotRequest>? Ballots = null)
{
    public const int MaxPerRequest = 33; // 3 table actions each + the idempotency row ≤ 100 (one transaction)
}

/// <summary>
/// One anonymous ballot: <see cref="Ballot"/> names the scheme's ballot (optional when the scheme has one),
/// <see cref="Choice"/> one of its choice ids (e.g. satisfied, basically-satisfied, dissatisfied);
/// <see cref="ApprovedStars"/> the scheme's star ids the voter approves (per-star approval votes).
/// </summary>
public sealed record BallotRequest(string? Token = null, string? Ballot = null, string? Choice = null, IReadOnlyList<string>? ApprovedStars = null);

/// <summary>v1: issue single-use ballot tokens for one organization (returned once, stored hashed).</summary>
public sealed record BallotTokensRequest(string? OrganizationCode = null, int? Count = null);

public sealed record BallotTokensResponse(string OrganizationCode, IReadOnlyList<string> Tokens);

/// <summary>
/// v1 adjustment: <see cref="Kind"/> <c>event</c> (default: a bonus/deduction item id of the scheme in <see cref="Type"/>,
/// with <see cref="Level"/> for level items, <see cref="Count"/> events or persons), <c>flag</c> (a fact that is true,
/// e.g. certified-innovation), <c>fact</c> (a number, e.g. election-overdue-days = <see cref="Value"/>) or <c>veto</c>
/// (a veto type of the scheme, with the <see cref="Date"/> of the violation).
/// </summary>
public sealed record AdjustmentEventRequest
{
    public string? Kind { get; init; }
    public string? Type { get; init; }
    public string? Level { get; init; }
    public int? Count { get; init; }
    public decimal? Value { get; init; }
    public DateOnly? Date { get; init; }
    public string? Note { get; init; }
}

public static class AdjustmentKinds
{
    public const string Event = "event";
    public const string Flag = "flag";
    public const string Fact = "fact";
    public const string Veto = "veto";

    public static readonly IReadOnlyList<string> All = [Event, Flag, Fact, Veto];
}

/// <summary>202 answer: the submission is stored durably and its scoring is queued; poll <see cref="StatusUrl"/>.</summary>
public sealed record SubmissionAccepted(string SubmissionId, string Kind, string Status, string StatusUrl, DateTimeOffset ReceivedAt, int Count);

public sealed record SelfAssessmentResponse(
    string OrganizationCode, string State, IReadOnlyDictionary<string, decimal> Scores, int? ProposedLevel, string? Declaration,
    DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt);

/// <summary>What is known about one organization's inputs and its latest score.</summary>
public sealed record SubjectStatusResponse(
    string OrganizationCode, IReadOnlyList<SubmissionSummary> Submissions, int Ballots, DateTimeOffset? ScoredAt, string? ScoreError);

public sealed record SubmissionSummary(string Id, string Kind, string State, DateTimeOffset ReceivedAt);

namespace BranchRating.Contracts.Submissions;

/// <summary>v1 self-assessment: a score per indicator id, the proposed level and the declaration text.</summary>
public sealed record SelfAssessmentRequest
{
    public IReadOnlyDictionary<string, decimal>? Scores { get; init; }
    public int? ProposedLevel { get; init; }
    public string? Declaration { get; init; }
}

/// <summary>v1 superior review by one reviewer (several reviewers of the same group are combined by the engine).</summary>
public sealed record SuperiorReviewRequest
{
    public string? Reviewer { get; init; }
    public IReadOnlyDictionary<string, decimal>? Scores { get; init; }
    public int? ProposedLevel { get; init; }
}

/// <summary>v1 ballots of one organization: at most <see cref="MaxPerRequest"/> per request, each with its single-use token.</summary>
public sealed record BallotBatchRequest(IReadOnlyList<BallotRequest>? Ballots)
{
    public const int MaxPerRequest = 49;
}

/// <summary>
/// One anonymous ballot. <see cref="Choice"/>: satisfied, basically-satisfied, dissatisfied (absent for star-vote ballots);
/// <see cref="ApprovedStars"/>: the star indicators the voter approves.
/// </summary>
public sealed record BallotRequest(string? Token, string? Choice, IReadOnlyList<string>? ApprovedStars);

public static class BallotChoices
{
    public const string Satisfied = "satisfied";
    public const string BasicallySatisfied = "basically-satisfied";
    public const string Dissatisfied = "dissatisfied";

    public static readonly IReadOnlyList<string> All = [Satisfied, BasicallySatisfied, Dissatisfied];
}

/// <summary>v1: issue single-use ballot tokens for one organization (returned once, stored hashed).</summary>
public sealed record BallotTokensRequest(string? OrganizationCode, int? Count);

public sealed record BallotTokensResponse(string OrganizationCode, IReadOnlyList<string> Tokens);

/// <summary>
/// v1 adjustment event: type is one of <see cref="AdjustmentTypes"/>; level (commendation/innovation: city, province,
/// national; criticism: working-committee, city-committee; disciplinary: warning-or-less, removal-or-worse, member),
/// count (persons, absences, events), date (veto), note.
/// </summary>
public sealed record AdjustmentEventRequest
{
    public string? Type { get; init; }
    public string? Level { get; init; }
    public int? Count { get; init; }
    public DateTimeOffset? Date { get; init; }
    public string? Note { get; init; }
}

public static class AdjustmentTypes
{
    public const string Commendation = "commendation";
    public const string Innovation = "innovation";
    public const string Criticism = "criticism";
    public const string Disciplinary = "disciplinary";
    public const string Absence = "absence";
    public const string Veto = "veto";
    public const string ElectionOverdue = "election-overdue";
    public const string CertifiedInnovation = "certified-innovation";
    public const string BottomRanked = "bottom-ranked";

    public static readonly IReadOnlyList<string> All =
        [Commendation, Innovation, Criticism, Disciplinary, Absence, Veto, ElectionOverdue, CertifiedInnovation, BottomRanked];
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

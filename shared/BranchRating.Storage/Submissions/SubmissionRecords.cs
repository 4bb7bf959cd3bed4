using Azure;

namespace BranchRating.Storage.Submissions;

/// <summary>
/// One stored submission of an organization: <see cref="Kind"/> self (draft → submitted, then locked), review (one
/// per reviewer, replaced on resubmission) or adjustment (one per event). <see cref="Data"/> is the request as JSON.
/// </summary>
public sealed record SubmissionRecord(
    string Code, string Kind, string Id, string State, string Data, DateTimeOffset ReceivedAt, DateTimeOffset? SubmittedAt, ETag ETag)
{
    public const string Self = "self";
    public const string Review = "review";
    public const string Adjustment = "adjustment";

    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Accepted = "accepted";
}

/// <summary>An anonymous ballot as stored: no token, no voter, only the choice and approved stars.</summary>
public sealed record BallotRecord(string Code, string? Ballot, string? Choice, IReadOnlyList<string> ApprovedStars);

/// <summary>A ballot to cast: the token's hash (checked and marked used) and the ballot content.</summary>
public sealed record BallotToCast(string TokenHash, string? Ballot, string? Choice, IReadOnlyList<string> ApprovedStars);

namespace BranchRating.Storage.Progress;

/// <summary>
/// Submission progress of one scope value (a region or a field), or a change to it. Counts only grow or move
/// between columns (a submitted draft leaves <see cref="SelfDrafts"/> for <see cref="SelfSubmitted"/>).
/// </summary>
public sealed record ProgressCounts(
    long Organizations = 0,
    long SelfDrafts = 0,
    long SelfSubmitted = 0,
    long Reviews = 0,
    long ReviewedOrganizations = 0,
    long BallotTokens = 0,
    long BallotsCast = 0)
{
    public static readonly ProgressCounts Zero = new();

    /// <summary>The counter properties, in the order they are stored.</summary>
    public static readonly IReadOnlyList<string> Names =
        [nameof(Organizations), nameof(SelfDrafts), nameof(SelfSubmitted), nameof(Reviews), nameof(ReviewedOrganizations), nameof(BallotTokens), nameof(BallotsCast)];

    public bool IsZero => this == Zero;

    public static ProgressCounts operator +(ProgressCounts a, ProgressCounts b) => new(
        a.Organizations + b.Organizations, a.SelfDrafts + b.SelfDrafts, a.SelfSubmitted + b.SelfSubmitted, a.Reviews + b.Reviews,
        a.ReviewedOrganizations + b.ReviewedOrganizations, a.BallotTokens + b.BallotTokens, a.BallotsCast + b.BallotsCast);

    public static ProgressCounts operator -(ProgressCounts a) => new(
        -a.Organizations, -a.SelfDrafts, -a.SelfSubmitted, -a.Reviews, -a.ReviewedOrganizations, -a.BallotTokens, -a.BallotsCast);

    public long this[string name] => name switch
    {
        nameof(Organizations) => Organizations,
        nameof(SelfDrafts) => SelfDrafts,
        nameof(SelfSubmitted) => SelfSubmitted,
        nameof(Reviews) => Reviews,
        nameof(ReviewedOrganizations) => ReviewedOrganizations,
        nameof(BallotTokens) => BallotTokens,
        nameof(BallotsCast) => BallotsCast,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a progress counter."),
    };

    public static ProgressCounts From(Func<string, long> read) => new(
        read(nameof(Organizations)), read(nameof(SelfDrafts)), read(nameof(SelfSubmitted)), read(nameof(Reviews)),
        read(nameof(ReviewedOrganizations)), read(nameof(BallotTokens)), read(nameof(BallotsCast)));
}

/// <summary>A change to the counters of the organization's bucket, for its region and its field.</summary>
public sealed record ProgressChange(string Code, string Region, string Field, ProgressCounts Delta);

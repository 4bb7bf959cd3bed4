using BranchRating.Contracts.Campaigns;

namespace BranchRating.Contracts.Submissions;

/// <summary>
/// Submission progress of a campaign before (and after) publication, per value of a scope (<c>region</c> or
/// <c>field</c>), with the totals and each step's state and deadline.
/// </summary>
public sealed record ProgressResponse(
    string CampaignId,
    string Scope,
    DateTimeOffset AsOf,
    IReadOnlyList<StepResponse> Steps,
    IReadOnlyList<ProgressRow> Rows,
    ProgressRow Totals);

/// <summary>
/// One scope value: organizations on the roster, self-assessments submitted and still drafts, superior reviews
/// (organizations with at least one, and reviews), ballots cast and expected (ballot tokens issued), and
/// <see cref="Participation"/> = cast ÷ expected (null while no token is issued), rounded to 4 decimals.
/// </summary>
public sealed record ProgressRow(
    string Value,
    long Organizations,
    long SelfAssessmentsSubmitted,
    long SelfAssessmentDrafts,
    long ReviewedOrganizations,
    long Reviews,
    long BallotsCast,
    long BallotsExpected,
    decimal? Participation);

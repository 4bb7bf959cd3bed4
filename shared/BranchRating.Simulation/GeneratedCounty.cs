using BranchRating.Contracts.Roster;
using BranchRating.Contracts.Submissions;

namespace BranchRating.Simulation;

/// <summary>One generated organization with everything it will submit during the campaign.</summary>
public sealed record GeneratedOrganization(
    OrganizationRow Row,
    SelfAssessmentRequest SelfAssessment,
    SuperiorReviewRequest Review,
    IReadOnlyList<BallotRequest> Ballots,
    IReadOnlyList<AdjustmentEventRequest> Adjustments);

/// <summary>A generated county: its organizations, in code order.</summary>
public sealed record GeneratedCounty(string County, IReadOnlyList<GeneratedOrganization> Organizations)
{
    public int BallotCount => Organizations.Sum(o => o.Ballots.Count);
}

namespace BranchRating.Security.Authorization;

/// <summary>What an HTTP function may declare it needs. Who holds each is data: <c>permission-matrix.json</c>.</summary>
public enum Permission
{
    ManageCampaign,
    ImportRoster,
    CloseStep,
    RunOperations,
    IssueBallotTokens,
    RecordAdjustment,
    DetermineRating,
    SubmitSelfAssessment,
    ReplyRectification,
    SubmitReview,
    DecideObjection,
    VerifyBallots,
    ReadSubmissions,
    ReadResults,
    ReadAudit,
}

/// <summary>How far from the grant's scope a permission reaches.</summary>
public enum Reach
{
    /// <summary>Not granted.</summary>
    None,

    /// <summary>Exactly the scope's organization.</summary>
    Own,

    /// <summary>The scope's organization and everything below it.</summary>
    Subtree,

    /// <summary>Only the organizations below the scope (a committee does not review itself).</summary>
    Descendants,
}

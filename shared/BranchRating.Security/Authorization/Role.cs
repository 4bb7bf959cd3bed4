namespace BranchRating.Security.Authorization;

/// <summary>The four roles of issue 6; each is held for a scope (an organization path).</summary>
public enum Role
{
    /// <summary>Organization department of a province, city or county: campaigns, deadlines, final determination.</summary>
    Admin,

    /// <summary>The superior committee of a subtree: reviews and objection outcomes for the organizations below it.</summary>
    Reviewer,

    /// <summary>A branch secretary: their own organization's self-assessment and rectification replies.</summary>
    Secretary,

    /// <summary>Reads published results of a scope.</summary>
    Observer,
}

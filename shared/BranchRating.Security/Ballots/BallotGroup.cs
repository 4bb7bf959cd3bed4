namespace BranchRating.Security.Ballots;

/// <summary>The rater groups who vote by anonymous ballot (RATING-RULES §3); their counts are inputs from the rules.</summary>
public enum BallotGroup
{
    /// <summary>Party members of the organization (participation ≥ 80 % of members, 001 篇十一).</summary>
    Member,

    /// <summary>Non-member staff representatives (≥ 50 % of the member count, 001 篇十五).</summary>
    NonMemberRepresentative,

    /// <summary>Sampled households (≥ 10 % of households, 001 篇十二).</summary>
    Household,

    /// <summary>Service recipients of a service window (001 篇九).</summary>
    ServiceRecipient,
}

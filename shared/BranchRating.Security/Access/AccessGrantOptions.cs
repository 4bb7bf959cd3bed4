namespace BranchRating.Security.Access;

/// <summary>
/// Grants of Entra ID principals from table storage (section <c>Auth:Grants</c>): a token with an object id (<c>oid</c>)
/// and tenant id (<c>tid</c>) gets the grants stored for that pair, cached per instance for <see cref="CacheDuration"/>
/// (a grant or revocation takes effect on every instance within that time).
/// </summary>
public sealed class AccessGrantOptions
{
    public const string SectionName = "Auth:Grants";

    public bool Enabled { get; set; } = true;

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many principals are cached; beyond it the cache starts afresh.</summary>
    public int MaxCachedPrincipals { get; set; } = 10_000;

    public string ObjectIdClaimType { get; set; } = "oid";

    public string TenantIdClaimType { get; set; } = "tid";
}

namespace BranchRating.Security.Authentication;

/// <summary>
/// Bearer-token validation settings, bound from configuration section <c>Auth</c>. In Azure, <see cref="Authority"/>
/// is the OpenID Connect authority of Microsoft Entra ID (keys and issuer come from its metadata). Locally and in
/// tests, <see cref="Development"/> makes the repository's <see cref="DevelopmentTokenIssuer"/> the only trusted
/// issuer: the same JwtBearer validation runs, with its public key instead of the metadata.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>OIDC authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>. Empty when the development issuer is used.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience every accepted token must carry (the API's application ID URI or client id).</summary>
    public string Audience { get; set; } = "";

    /// <summary>Accepted issuers; empty = the issuer announced by the authority's metadata (or the development issuer).</summary>
    public IList<string> ValidIssuers { get; } = [];

    /// <summary>Tolerance for clock differences when checking <c>nbf</c>/<c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The claim holding the caller's grants, each <c>role@/P01/C03</c> (see <c>RatingGrant</c>).</summary>
    public string GrantClaimType { get; set; } = "br_grant";

    /// <summary>The claim naming the caller (subject) in audit records and rate-limit partitions.</summary>
    public string NameClaimType { get; set; } = "sub";

    /// <summary>Metadata must be fetched over HTTPS (always true outside tests of the metadata path).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public DevelopmentIssuerOptions Development { get; set; } = new();

    /// <summary>
    /// Applies the permission table to the campaign pipeline's endpoints (default true). Transitional: the
    /// development settings turn it off until the pipeline's tests and demo carry tokens (see README).
    /// </summary>
    public bool ProtectPipelineEndpoints { get; set; } = true;

    /// <summary>
    /// The organization path above the roster: a roster path <c>C01/T03/B12</c> is authorized as
    /// <c>{RosterRoot}/C01/T03/B12</c>, and a campaign belongs to the department at the root.
    /// </summary>
    public string RosterRoot { get; set; } = "/ROOT";
}

/// <summary>The local issuer: trusted only in the Development and Testing environments, refused elsewhere.</summary>
public sealed class DevelopmentIssuerOptions
{
    public bool Enabled { get; set; }

    /// <summary>The <c>iss</c> of development tokens.</summary>
    public string Issuer { get; set; } = "https://branchrating.local/dev-issuer";

    /// <summary>
    /// PEM file of the local ECDSA P-256 signing key (PKCS#8), created on first use if missing, so the host and the
    /// token-minting command share it. Empty = a fresh key per process (tests). Never commit such a file.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Default lifetime of minted tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}

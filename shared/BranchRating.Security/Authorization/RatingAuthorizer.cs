using System.Security.Claims;
using BranchRating.Security.Authentication;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Authorization;

/// <summary>
/// The one place that decides: does this caller hold a grant whose role allows the permission on the target
/// organization? Used by <see cref="RatingAuthorizationHandler"/> for declared endpoint requirements and callable
/// directly by a handler whose target is only known from the body (e.g. a roster import's root).
/// </summary>
public sealed class RatingAuthorizer(IOptions<AuthOptions> options, PermissionMatrix? matrix = null)
{
    private readonly PermissionMatrix _matrix = matrix ?? PermissionMatrix.Default;
    private readonly string _grantClaimType = options.Value.GrantClaimType;

    /// <summary>The grants the caller's token carries (malformed values are ignored: they grant nothing).</summary>
    public IReadOnlyList<RatingGrant> GrantsOf(ClaimsPrincipal user) =>
        user.FindAll(_grantClaimType)
            .Select(c => RatingGrant.TryParse(c.Value, out var grant, out _) ? grant : null)
            .OfType<RatingGrant>()
            .ToList();

    public AuthorizationDecision Decide(ClaimsPrincipal user, Permission permission, OrganizationPath target)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(target);
        if (user.Identity?.IsAuthenticated != true)
        {
            return AuthorizationDecision.Refused("the caller is not authenticated");
        }

        var grant = GrantsOf(user).FirstOrDefault(g => _matrix.Allows(g.Role, g.Scope, permission, target));
        return grant is not null
            ? AuthorizationDecision.Allowed(grant)
            : AuthorizationDecision.Refused($"no grant of the caller allows {permission} on {target}");
    }
}

/// <summary>The outcome and, when allowed, the grant that allowed it (recorded as the role in the audit trail).</summary>
public sealed record AuthorizationDecision(bool IsAllowed, RatingGrant? Grant, string Reason)
{
    public static AuthorizationDecision Allowed(RatingGrant grant) => new(true, grant, $"allowed by {grant}");

    public static AuthorizationDecision Refused(string reason) => new(false, null, reason);
}

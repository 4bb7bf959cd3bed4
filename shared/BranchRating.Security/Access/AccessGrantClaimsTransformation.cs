using System.Security.Claims;
using BranchRating.Security.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Access;

/// <summary>
/// Gives an Entra ID token its grants: Entra ID app roles carry no hierarchy scope, so a validated token with an object
/// id (<c>oid</c>) and tenant id (<c>tid</c>) gets one <c>br_grant</c> claim per grant stored for that pair
/// (<see cref="AccessGrantStore"/>, cached), in an identity of its own. Tokens without both ids (development tokens) are
/// left as they are; grants the token carries itself still count. Runs after JwtBearer validated the token, on the one
/// validation path of both issuers.
/// </summary>
public sealed class AccessGrantClaimsTransformation(AccessGrantCache cache, IOptions<AccessGrantOptions> options, IOptions<AuthOptions> auth) : IClaimsTransformation
{
    public const string IdentityType = "br-grants";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var o = options.Value;
        if (!o.Enabled || principal.Identity?.IsAuthenticated != true || principal.Identities.Any(i => i.AuthenticationType == IdentityType))
        {
            return principal;
        }

        var tenant = AccessGrantStore.Normalize(principal.FindFirst(o.TenantIdClaimType)?.Value);
        var objectId = AccessGrantStore.Normalize(principal.FindFirst(o.ObjectIdClaimType)?.Value);
        if (tenant is null || objectId is null)
        {
            return principal;
        }

        var grants = await cache.GrantsOfAsync(tenant, objectId);
        var transformed = principal.Clone();
        transformed.AddIdentity(new ClaimsIdentity(grants.Select(g => new Claim(auth.Value.GrantClaimType, g.ToString())), IdentityType));
        return transformed;
    }
}

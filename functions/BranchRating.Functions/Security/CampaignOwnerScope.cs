using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Security;

/// <summary>
/// Which organization department owns a campaign being created: the body's <c>scope</c> (an organization path such as
/// <c>/ROOT/C01/X12</c>, within <c>Auth:RosterRoot</c>) when given — authorized as <c>ManageCampaign</c> on it, so it must
/// lie within the caller's administrator grant (403 otherwise) — else the roster root when the caller administers it,
/// else the caller's highest administrator scope below the root (none: refused). A malformed <c>scope</c> is authorized on that default and refused by the handler (400 naming
/// <c>scope</c>). The owner is stored on the campaign; <see cref="RosterScopeResolver.CampaignScopeAsync"/> reads it back.
/// </summary>
public static class CampaignOwnerScope
{
    /// <summary>A campaign's body carries its scheme: inspect up to the default request limit (larger bodies are refused with 413 anyway).</summary>
    private const int MaxBodyToInspect = 1024 * 1024;

    public static ScopeSelector From(OrganizationPath root) => async context =>
    {
        var requested = await SubscriptionScope.ScopeInBodyAsync(context.Request, context.RequestAborted, MaxBodyToInspect);
        return requested is not null && OrganizationPath.TryParse(requested, out var path, out _) ? path : DefaultOwner(context, root);
    };

    /// <summary>
    /// The owner to store: the scope the request was authorized on (pipeline protection on), else the requested scope
    /// (the unprotected development switch), else null (the campaign belongs to the roster root). False, with the
    /// reason, when the requested scope is malformed or is not the one authorized (it could not be read beforehand).
    /// </summary>
    public static bool TryOwner(HttpContext context, string? requested, out string? owner, out string error)
    {
        ArgumentNullException.ThrowIfNull(context);
        owner = null;
        error = "";
        OrganizationPath? path = null;
        if (requested is not null && !OrganizationPath.TryParse(requested, out path, out var reason))
        {
            error = reason;
            return false;
        }

        var root = OrganizationPath.Parse(context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RosterRoot);
        if (path is not null && !path.IsSelfOrDescendantOf(root))
        {
            error = $"must lie within the roster root {root} (Auth:RosterRoot)";
            return false;
        }

        if (context.GetRatingAccess() is not { Permission: Permission.ManageCampaign } access)
        {
            owner = path?.Value;
            return true;
        }

        if (path is not null && !path.Equals(access.Target))
        {
            error = "the scope could not be read before authorization (send it in a smaller body)";
            return false;
        }

        owner = access.Target.Value;
        return true;
    }

    private static OrganizationPath DefaultOwner(HttpContext context, OrganizationPath root)
    {
        var authorizer = context.RequestServices.GetRequiredService<RatingAuthorizer>();
        if (authorizer.Decide(context.User, Permission.ManageCampaign, root).IsAllowed)
        {
            return root;
        }

        return authorizer.GrantsOf(context.User)
            .Select(g => g.Scope)
            .Where(scope => scope.IsDescendantOf(root) && authorizer.Decide(context.User, Permission.ManageCampaign, scope).IsAllowed)
            .OrderBy(scope => scope.Depth)
            .ThenBy(scope => scope.Value, StringComparer.Ordinal)
            .FirstOrDefault() ?? root;
    }
}

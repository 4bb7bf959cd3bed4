using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BranchRating.Security.Authorization;

/// <summary>What an endpoint declares: a permission on the organization its <see cref="Scope"/> selects.</summary>
public sealed class RatingRequirement(Permission permission, ScopeSelector scope) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;

    public ScopeSelector Scope { get; } = scope;

    public override string ToString() => $"RatingRequirement({Permission})";
}

/// <summary>The authorization handler for every <see cref="RatingRequirement"/>: delegates to <see cref="RatingAuthorizer"/>.</summary>
public sealed partial class RatingAuthorizationHandler(RatingAuthorizer authorizer, ILogger<RatingAuthorizationHandler> logger)
    : AuthorizationHandler<RatingRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RatingRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            context.Fail(new AuthorizationFailureReason(this, "a rating requirement is checked on HTTP requests only"));
            return;
        }

        var target = await requirement.Scope(http);
        if (target is null)
        {
            context.Fail(new AuthorizationFailureReason(this, "the target organization of the request could not be determined"));
            return;
        }

        var decision = authorizer.Decide(context.User, requirement.Permission, target);
        if (decision.IsAllowed)
        {
            http.Features.Set(new RatingAccess(requirement.Permission, target, decision.Grant!));
            context.Succeed(requirement);
            return;
        }

        LogRefused(logger, requirement.Permission, target.Value, context.User.Identity?.Name);
        context.Fail(new AuthorizationFailureReason(this, decision.Reason));
    }

    [LoggerMessage(LogLevel.Information, "Refused {Permission} on {Target} for {Subject}")]
    private static partial void LogRefused(ILogger logger, Permission permission, string target, string? subject);
}

/// <summary>Set on the request once allowed: handlers read the acting grant (e.g. the role for the audit trail).</summary>
public sealed record RatingAccess(Permission Permission, OrganizationPath Target, RatingGrant Grant);

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Security.Authorization;

/// <summary>How an HTTP function declares what it needs: <c>.RequireRating(Permission.SubmitReview, ScopeFrom.Organization("campaignId", "organizationId"))</c>.</summary>
public static class RatingEndpointExtensions
{
    public static TBuilder RequireRating<TBuilder>(this TBuilder builder, Permission permission, ScopeSelector scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(scope);
        return builder.RequireAuthorization(RatingPolicy(permission, scope));
    }

    /// <summary>The policy <see cref="RequireRating{TBuilder}"/> attaches, for conventions that add it as metadata.</summary>
    public static AuthorizationPolicy RatingPolicy(Permission permission, ScopeSelector scope) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new RatingRequirement(permission, scope))
            .Build();

    /// <summary>The grant that allowed this request (null on endpoints without a rating requirement).</summary>
    public static RatingAccess? GetRatingAccess(this HttpContext context) => context.Features.Get<RatingAccess>();
}

using System.Security.Claims;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>GET /api/v1/me: the caller's subject and grants as the API understood them (any valid token).</summary>
public static class WhoAmI
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/me", Handle).WithName(nameof(WhoAmI)).RequireAuthorization();

    public static IResult Handle(ClaimsPrincipal user, RatingAuthorizer authorizer) =>
        TypedResults.Ok(new WhoAmIResponse(user.Identity?.Name ?? "", authorizer.GrantsOf(user).Select(g => g.ToString()).ToList()));
}

public sealed record WhoAmIResponse(string Subject, IReadOnlyList<string> Grants);

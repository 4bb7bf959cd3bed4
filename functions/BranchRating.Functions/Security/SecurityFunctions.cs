using BranchRating.Functions.Security.AuditBefore;
using BranchRating.Security;
using BranchRating.Security.Access;
using BranchRating.Security.Audit;
using BranchRating.Security.Ballots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using BranchRating.Security.Authorization;

namespace BranchRating.Functions.Security;

/// <summary>
/// Registers security (bearer authentication, hierarchy-scoped authorization, rate limits, body limits) and its HTTP
/// functions: who am I, ballot tokens, anonymous ballots, ballot recount, audit verification and export.
/// </summary>
public static class SecurityFunctions
{
    public static IServiceCollection AddSecurityFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBranchRatingSecurity(configuration);
        services.AddBranchRatingBallots(configuration);
        services.AddBranchRatingAudit(configuration);
        services.AddBranchRatingAccessGrants(configuration);
        services.TryAddSingleton<IRatingScopeResolver, RosterScopeResolver>();
        services.AddAuditBeforeStates();
        return services;
    }

    public static IEndpointRouteBuilder MapSecurityFunctions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("security");
        WhoAmI.Map(api);
        IssueBallotBoxTokens.Map(api);
        CastBallot.Map(api);
        RecountBallotBox.Map(api);
        VerifyAuditTrail.Map(api);
        ExportAuditTrail.Map(api);
        AccessGrantFunctions.Map(api);
        return routes;
    }
}

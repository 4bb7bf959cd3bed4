using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/audit/verify: walks the campaign's hash chain and names the first edited or
/// removed record. Needs ReadAudit on the campaign's scope (resolved by the pipeline's <see cref="IRatingScopeResolver"/>).
/// </summary>
public static class VerifyAuditTrail
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/audit/verify", HandleAsync)
            .WithName(nameof(VerifyAuditTrail))
            .RequireRating(Permission.ReadAudit, ScopeFrom.Campaign("campaignId"));

    public static async Task<IResult> HandleAsync(string campaignId, AuditTrail audit, CancellationToken cancellationToken)
    {
        AuditVerification verification;
        try
        {
            verification = await audit.VerifyAsync(campaignId, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return SecurityProblems.Invalid(e, "campaignId");
        }

        return TypedResults.Ok(verification);
    }
}

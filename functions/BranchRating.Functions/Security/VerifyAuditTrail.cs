using BranchRating.Contracts.Results;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/audit/verify: walks the campaign's hash chain and names the first edited or
/// removed record, and compares it with the heads anchored by the published result versions (a chain recomputed after
/// rewriting history before an anchor is named <c>AnchorMismatch</c>). GET …/audit/anchors lists those anchors.
/// Both need ReadAudit on the campaign's scope (resolved by the pipeline's <see cref="IRatingScopeResolver"/>).
/// </summary>
public static class VerifyAuditTrail
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/campaigns/{campaignId}/audit/anchors", ListAnchorsAsync)
            .WithName("ListAuditAnchors")
            .RequireRating(Permission.ReadAudit, ScopeFrom.Campaign("campaignId"));
        return api.MapGet("/campaigns/{campaignId}/audit/verify", HandleAsync)
            .WithName(nameof(VerifyAuditTrail))
            .RequireRating(Permission.ReadAudit, ScopeFrom.Campaign("campaignId"));
    }

    public static async Task<IResult> HandleAsync(string campaignId, AuditTrail audit, CampaignStore campaigns, CancellationToken cancellationToken)
    {
        if (!AuditTrail.IsValidChain(campaignId))
        {
            return SecurityProblems.Invalid("campaignId", "1-64 letters, digits, '-' or '_' (usually the campaign id).");
        }

        var anchors = (await campaigns.ListAnchorsAsync(campaignId, cancellationToken))
            .Select(a => new AuditAnchor(a.AuditHead.Sequence, a.AuditHead.Hash, $"published version {a.Version}"))
            .ToList();
        return TypedResults.Ok(await audit.VerifyAsync(campaignId, anchors, cancellationToken));
    }

    public static async Task<IResult> ListAnchorsAsync(string campaignId, CampaignStore campaigns, CancellationToken cancellationToken) =>
        TypedResults.Ok((await campaigns.ListAnchorsAsync(campaignId, cancellationToken))
            .Select(a => new PublishedAuditAnchor(a.Version, a.AuditHead.Sequence, a.AuditHead.Hash)).ToList());
}

using BranchRating.Contracts.Operations;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Operations;

/// <summary>POST /api/v1/campaigns/{campaignId}/operations/recompute: rescore every subject and publish a new version; 202 + status URL.</summary>
public static class Recompute
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/operations/recompute", HandleAsync).WithName(nameof(Recompute))
        .Produces<BranchRating.Contracts.Operations.OperationResponse>(202)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, CampaignStore campaigns, Publications publications, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var operation = await publications.CreateAsync(campaign, OperationKinds.Recompute, "Recompute requested: rescoring every subject and publishing a new version.", cancellationToken);
        await publications.EnqueueAsync(campaignId, operation.Id, operation.Version!.Value, campaign.Campaign.Buckets, cancellationToken);
        return TypedResults.Accepted(Publications.StatusUrl(campaignId, operation.Id), OperationMapping.ToResponse(operation));
    }
}

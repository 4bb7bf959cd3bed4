using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Campaigns;

/// <summary>GET /api/v1/campaigns/{campaignId}: the campaign, its steps (deadlines in UTC and Asia/Shanghai) and published version.</summary>
public static class GetCampaign
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapGet("/campaigns/{campaignId}", HandleAsync).WithName(nameof(GetCampaign))
        .Produces<BranchRating.Contracts.Campaigns.CampaignResponse>(200)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, CampaignStore campaigns, CancellationToken cancellationToken)
    {
        var snapshot = await campaigns.GetAsync(campaignId, cancellationToken);
        return snapshot is null
            ? Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.")
            : TypedResults.Ok(CampaignMapping.ToResponse(snapshot.Campaign, snapshot.Steps, snapshot.Publication));
    }
}

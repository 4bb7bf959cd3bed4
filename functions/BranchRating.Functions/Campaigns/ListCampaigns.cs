using BranchRating.Contracts.Campaigns;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Campaigns;

/// <summary>GET /api/v1/campaigns?continuationToken=…: one page of campaigns (without steps; read one for them).</summary>
public static class ListCampaigns
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapGet("/campaigns", HandleAsync).WithName(nameof(ListCampaigns))
        .Produces<CampaignListResponse>(200)
        .ProducesValidationProblem();

    public static async Task<IResult> HandleAsync(string? continuationToken, CampaignStore campaigns, CancellationToken cancellationToken)
    {
        IReadOnlyList<CampaignRecord> items;
        string? next;
        try
        {
            (items, next) = await campaigns.ListAsync(continuationToken, cancellationToken);
        }
        catch (FormatException e)
        {
            return Problems.Invalid("continuationToken", e.Message);
        }

        return TypedResults.Ok(new CampaignListResponse(items.Select(c => CampaignMapping.ToResponse(c, [], null)).ToList(), next));
    }
}

using System.Text.Json;
using BranchRating.Contracts.Results;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Results;

/// <summary>GET /api/v1/campaigns/{campaignId}/results/{code}: the published result with the engine's full explanation.</summary>
public static class GetOrganizationResult
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/results/{code}", HandleAsync).WithName(nameof(GetOrganizationResult))
        .Produces<BranchRating.Contracts.Results.OrganizationResultResponse>(200)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, string code, CampaignStore campaigns, ResultStore results, CancellationToken cancellationToken)
    {
        var (campaign, problem) = await PublishedVersion.ResolveAsync(campaignId, campaigns, cancellationToken);
        if (problem is not null) return problem;
        var pointer = campaign!.Publication;
        var found = await results.GetResultAsync(campaignId, pointer.Version, campaign.Campaign.Buckets, code, cancellationToken);
        if (found is null) return Problems.NotFound("code", $"Organization '{code}' has no result in published version {pointer.Version}.");
        var r = found.Value.Result;
        using var json = JsonDocument.Parse(r.ResultJson);
        return TypedResults.Ok(new OrganizationResultResponse(
            campaignId, pointer.Version, pointer.PublishedAt ?? default, r.Code, r.Name, r.Region, r.County, r.Field, r.FinalTotal, r.LevelOrdinal, r.Level, r.Ranks, json.RootElement.Clone(),
            pointer.AuditHead is { } head ? new PublishedAuditAnchor(pointer.Version, head.Sequence, head.Hash) : null));
    }
}

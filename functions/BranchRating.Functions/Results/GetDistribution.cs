using BranchRating.Contracts.Results;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Results;

/// <summary>GET /api/v1/campaigns/{campaignId}/distribution/{scope}: organizations per level (stars or tiers) for each value of the scope (default view: region).</summary>
public static class GetDistribution
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/distribution/{scope}", HandleAsync).WithName(nameof(GetDistribution))
        .Produces<BranchRating.Contracts.Results.DistributionResponse>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, string scope, CampaignStore campaigns, ResultStore results, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.DistributionScopes.Contains(scope)) return Problems.Invalid("scope", $"Distributions are published for: {string.Join(", ", options.Value.DistributionScopes)}.");
        var (campaign, problem) = await PublishedVersion.ResolveAsync(campaignId, campaigns, cancellationToken);
        if (problem is not null) return problem;
        var version = campaign!.Publication.Version;
        var rows = await results.GetDistributionAsync(campaignId, version, scope, cancellationToken);
        return TypedResults.Ok(new DistributionResponse(campaignId, version, scope, rows.Select(r => new DistributionRow(r.Value, r.Total, r.Levels)).ToList()));
    }
}

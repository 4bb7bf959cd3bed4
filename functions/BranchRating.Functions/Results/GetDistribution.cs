using BranchRating.Contracts.Results;
using BranchRating.Domain.Quotas;
using BranchRating.Functions.Http;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Results;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/distribution/{scope}: organizations per level (stars or tiers) for each value of the
/// scope (default view: region), with the scheme's quotas of that scope kind and their bounds (the dashboard's quota lines).
/// </summary>
public static class GetDistribution
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/distribution/{scope}", HandleAsync).WithName(nameof(GetDistribution))
        .Produces<BranchRating.Contracts.Results.DistributionResponse>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, string scope, CampaignStore campaigns, ResultStore results, RatingAdapter rating, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.DistributionScopes.Contains(scope)) return Problems.Invalid("scope", $"Distributions are published for: {string.Join(", ", options.Value.DistributionScopes)}.");
        var (campaign, problem) = await PublishedVersion.ResolveAsync(campaignId, campaigns, cancellationToken);
        if (problem is not null) return problem;
        var version = campaign!.Publication.Version;
        var scheme = rating.Scheme(campaign.Campaign.SchemeJson);
        var rows = await results.GetDistributionAsync(campaignId, version, scope, cancellationToken);
        return TypedResults.Ok(new DistributionResponse(campaignId, version, scope,
            rows.Select(r => new DistributionRow(r.Value, r.Total, r.Levels, Quotas(scheme, scope, r))).ToList(),
            scheme.Levels.Select(l => new DistributionLevel(l.Ordinal, l.Label)).ToList()));
    }

    private static List<DistributionQuota> Quotas(BranchRating.Domain.Schemes.Scheme scheme, string scope, PublishedDistribution row) =>
        QuotaLines.For(scheme, scope, row.Total).Select(q =>
        {
            var count = scheme.Levels.Where(l => q.Match switch { "atOrBelow" => l.Ordinal <= q.Level, "atOrAbove" => l.Ordinal >= q.Level, _ => l.Ordinal == q.Level })
                .Sum(l => row.Levels.GetValueOrDefault(l.Label));
            return new DistributionQuota(q.Quota, q.Kind, q.Level, scheme.Levels[q.Level].Label, q.Match, q.AtMost, q.Bound, count, q.AtMost ? count <= q.Bound : count >= q.Bound);
        }).ToList();
}

using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Campaigns;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Progress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/progress?scope=region|field: submission progress per region (or field) and in
/// total, with each step's state and deadline. Reads the counters (<see cref="ProgressStore"/>): one row-key range
/// per bucket, whatever the number of organizations.
/// </summary>
public static class GetProgress
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/progress", HandleAsync).WithName(nameof(GetProgress))
        .Produces<ProgressResponse>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, string? scope, CampaignStore campaigns, ProgressStore progress, TimeProvider time, CancellationToken cancellationToken)
    {
        scope = string.IsNullOrWhiteSpace(scope) ? "region" : scope.Trim();
        if (!ProgressStore.Scopes.Contains(scope))
        {
            return Problems.Invalid("scope", $"Progress is counted per: {string.Join(", ", ProgressStore.Scopes)}.");
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        }

        var sums = await progress.SumAsync(campaignId, campaign.Campaign.Buckets, scope, cancellationToken);
        var rows = sums.Where(s => !s.Value.IsZero).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ToRow(s.Key, s.Value)).ToList();
        var total = sums.Values.Aggregate(ProgressCounts.Zero, (a, b) => a + b);
        var steps = CampaignMapping.ToResponse(campaign.Campaign, campaign.Steps, campaign.Publication).Steps;
        return TypedResults.Ok(new ProgressResponse(campaignId, scope, time.GetUtcNow(), steps, rows, ToRow("", total)));
    }

    private static ProgressRow ToRow(string value, ProgressCounts c) => new(
        value, c.Organizations, c.SelfSubmitted, c.SelfDrafts, c.ReviewedOrganizations, c.Reviews, c.BallotsCast, c.BallotTokens,
        c.BallotTokens > 0 ? Math.Round((decimal)c.BallotsCast / c.BallotTokens, 4) : null);
}

using BranchRating.Contracts.Results;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Results;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/rankings/{scope}/{value}?pageSize=&amp;continuationToken=&amp;q=: the ranking within one
/// scope value (e.g. region/建阳区, field/rural), in rank order, one page at a time; with <c>q</c>, only the entries whose
/// code or name starts with it (the store filters a bounded number of packed ranking rows per request, so a page may be
/// short, even empty, and still continue). A continuation token not handed out by the store is a 400 problem.
/// </summary>
public static class GetRanking
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/rankings/{scope}/{value}", HandleAsync).WithName(nameof(GetRanking))
        .Produces<BranchRating.Contracts.Results.RankingPage>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, string scope, string value, int? pageSize, string? continuationToken, string? q, CampaignStore campaigns, ResultStore results,
        IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.RankingScopes.Contains(scope)) return Problems.Invalid("scope", $"Rankings are published for: {string.Join(", ", options.Value.RankingScopes)}.");
        if (pageSize is < 1 or > 1000) return Problems.Invalid("pageSize", "From 1 to 1000.");
        if (q is { Length: > 100 }) return Problems.Invalid("q", "At most 100 characters.");
        var (campaign, problem) = await PublishedVersion.ResolveAsync(campaignId, campaigns, cancellationToken);
        if (problem is not null) return problem;
        var version = campaign!.Publication.Version;
        IReadOnlyList<PublishedRankingEntry> items;
        string? next;
        try
        {
            (items, next) = string.IsNullOrWhiteSpace(q)
                ? await results.GetRankingPageAsync(campaignId, version, scope, value, pageSize ?? 100, continuationToken, cancellationToken)
                : await results.SearchRankingPageAsync(campaignId, version, scope, value, q.Trim(), pageSize ?? 100, continuationToken, cancellationToken);
        }
        catch (FormatException e)
        {
            return Problems.Invalid("continuationToken", e.Message);
        }

        return TypedResults.Ok(new RankingPage(campaignId, version, scope, value,
            items.Select(x => new RankingEntry(x.Rank, x.Code, x.Name, x.FinalTotal, x.LevelOrdinal, x.Level)).ToList(), next));
    }
}

using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// POST /api/v1/campaigns/{campaignId}/ballot-tokens: issues single-use ballot tokens for one organization's voters.
/// The tokens are returned once: signed with the campaign's ballot key (<see cref="BallotTokens"/>), so none is stored; a
/// campaign created before ballot keys stores them as salted hashes (its per-campaign token list).
/// </summary>
public static class IssueBallotTokens
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost("/campaigns/{campaignId}/ballot-tokens", HandleAsync).WithName(nameof(IssueBallotTokens))
        .Produces<BranchRating.Contracts.Submissions.BallotTokensResponse>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, BallotTokensRequest request, CampaignStore campaigns, RosterStore roster, BallotStore ballots, ProgressRecorder progress, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        if (request.Count is null or < 1 || request.Count > options.Value.MaxTokensPerRequest)
            return Problems.Invalid("count", $"From 1 to {options.Value.MaxTokensPerRequest} tokens per request.");
        if (string.IsNullOrWhiteSpace(request.OrganizationCode)) return Problems.Invalid("organizationCode", "The organization whose voters get the tokens is required.");
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var buckets = campaign.Campaign.Buckets;
        if (await roster.GetAsync(campaignId, buckets, request.OrganizationCode, cancellationToken) is not { } organization)
            return Problems.NotFound("organizationCode", $"Organization '{request.OrganizationCode}' is not on the roster.");

        // Signed when the campaign has a ballot key (every campaign created since signed tokens): casting checks the
        // signature, so nothing is stored per token (the progress counter still counts them). Without a key, the hashes
        // of the issued tokens are stored and casting checks against them.
        var key = campaign.Campaign.BallotKey;
        var tokens = Enumerable.Range(0, request.Count.Value)
            .Select(_ => key is null ? BallotStore.NewToken() : BallotTokens.Mint(key, campaignId, request.OrganizationCode)).ToList();
        if (key is null)
        {
            await ballots.IssueTokensAsync(campaignId, buckets, request.OrganizationCode, tokens.Select(t => BallotStore.HashToken(campaignId, t)), cancellationToken);
        }
        await progress.TokensIssuedAsync(campaignId, buckets, organization, tokens.Count, cancellationToken);
        return TypedResults.Ok(new BallotTokensResponse(request.OrganizationCode, tokens));
    }
}

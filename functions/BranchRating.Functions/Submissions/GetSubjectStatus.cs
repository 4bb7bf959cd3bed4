using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Scores;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>GET …/organizations/{code}/status: the status URL of every submission — what is stored and when it was last scored.</summary>
public static class GetSubjectStatus
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/organizations/{code}/status", HandleAsync).WithName(nameof(GetSubjectStatus))
        .Produces<BranchRating.Contracts.Submissions.SubjectStatusResponse>(200)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, CampaignStore campaigns, SubmissionStore submissions, BallotStore ballots, ScoreStore scores, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var buckets = campaign.Campaign.Buckets;
        var stored = await submissions.ListSubjectAsync(campaignId, buckets, code, cancellationToken);
        var cast = await ballots.ListSubjectAsync(campaignId, buckets, code, cancellationToken);
        var score = await scores.GetAsync(campaignId, buckets, code, cancellationToken);
        return TypedResults.Ok(new SubjectStatusResponse(
            code, stored.Select(s => new SubmissionSummary(s.Id, s.Kind, s.State, s.ReceivedAt)).ToList(), cast.Count, score?.ScoredAt, score?.Error));
    }
}

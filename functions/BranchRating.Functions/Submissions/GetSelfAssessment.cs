using System.Text.Json;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>GET …/organizations/{code}/self-assessment: the draft or the submitted (locked) self-assessment.</summary>
public static class GetSelfAssessment
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/organizations/{code}/self-assessment", HandleAsync).WithName(nameof(GetSelfAssessment))
        .Produces<BranchRating.Contracts.Submissions.SelfAssessmentResponse>(200)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, string code, CampaignStore campaigns, SubmissionStore submissions, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var record = await submissions.GetAsync(campaignId, campaign.Campaign.Buckets, code, SubmissionRecord.Self, "self", cancellationToken);
        return record is null
            ? Problems.NotFound("code", $"Organization '{code}' has no self-assessment yet.")
            : TypedResults.Ok(ToResponse(record));
    }

    public static SelfAssessmentResponse ToResponse(SubmissionRecord record)
    {
        var request = JsonSerializer.Deserialize<SelfAssessmentRequest>(record.Data, JsonSerializerOptions.Web)!;
        return new SelfAssessmentResponse(record.Code, record.State, request.Scores ?? new Dictionary<string, decimal>(), request.ProposedLevel, request.Declaration, record.ReceivedAt, record.SubmittedAt);
    }
}

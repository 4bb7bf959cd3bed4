using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// POST …/organizations/{code}/adjustments (Idempotency-Key): one adjustment event (commendation, criticism,
/// disciplinary case, absence, veto…). Events add up, so the idempotency key is what keeps a retry from counting twice.
/// </summary>
public static class RecordAdjustment
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/organizations/{code}/adjustments", HandleAsync).WithName(nameof(RecordAdjustment))
        .ProducesSubmissionResponses();

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, AdjustmentEventRequest request, HttpRequest http, CampaignGate gate, SubmissionIntake intake, SubmissionStore submissions, CancellationToken cancellationToken)
    {
        var scheme = await gate.SchemeAsync(campaignId, cancellationToken);
        if (scheme is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var errors = SchemeChecks.Adjustment(scheme, request);
        if (errors.Count > 0) return Problems.Invalid(errors);

        return await intake.AcceptAsync(http, campaignId, code, StepKinds.Determination, "adjustment", request, 1, ballotTable: false,
            (gate, key, response, ct) => submissions.SaveAsync(campaignId, gate.Campaign!.Campaign.Buckets,
                new SubmissionRecord(code, SubmissionRecord.Adjustment, Guid.NewGuid().ToString("N"), SubmissionRecord.Accepted, JsonSerializer.Serialize(request, JsonSerializerOptions.Web), gate.CheckedAt, gate.CheckedAt, default),
                null, key, response, ct),
            cancellationToken);
    }
}

using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Http;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>PUT …/organizations/{code}/self-assessment: saves the draft (replaced on each PUT); refused once submitted (409).</summary>
public static class SaveSelfAssessmentDraft
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPut("/campaigns/{campaignId}/organizations/{code}/self-assessment", HandleAsync).WithName(nameof(SaveSelfAssessmentDraft))
        .Produces<BranchRating.Contracts.Submissions.SelfAssessmentResponse>(200)
        .ProducesValidationProblem()
        .ProducesProblem(404)
        .ProducesProblem(409)
        .ProducesProblem(422);

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, SelfAssessmentRequest request, CampaignGate gate, SubmissionStore submissions, ProgressRecorder progress, CancellationToken cancellationToken)
    {
        var check = await gate.CheckAsync(campaignId, code, StepKinds.SelfAssessment, cancellationToken);
        if (!check.Accepted) return check.ToProblem();
        var errors = SchemeChecks.Scores((await gate.SchemeAsync(campaignId, cancellationToken))!, null, RaterRole.Self, request.Scores, request.ProposedLevel);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var buckets = check.Campaign!.Campaign.Buckets;
        var existing = await submissions.GetAsync(campaignId, buckets, code, SubmissionRecord.Self, "self", cancellationToken);
        if (existing is { State: SubmissionRecord.Submitted })
        {
            return Problems.Conflict("state", $"The self-assessment was submitted at {ShanghaiTime.Format(existing.SubmittedAt)} and is locked.");
        }

        var record = new SubmissionRecord(code, SubmissionRecord.Self, "self", SubmissionRecord.Draft, JsonSerializer.Serialize(request, JsonSerializerOptions.Web), check.CheckedAt, null, default);
        try
        {
            await submissions.SaveAsync(campaignId, buckets, record, existing?.ETag, null, new StoredResponse(200, "", ""), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return Problems.Conflict("state", "The self-assessment changed concurrently (perhaps it was submitted); read it again.");
        }

        if (existing is null)
        {
            // Only the insert of the draft counts: a concurrent first PUT fails its insert (409) above.
            await progress.DraftStartedAsync(campaignId, buckets, check.Organization!, cancellationToken);
        }

        return TypedResults.Ok(GetSelfAssessment.ToResponse(record));
    }
}

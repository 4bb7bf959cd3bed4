using BranchRating.Contracts.Campaigns;
using BranchRating.Functions.Http;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>POST …/self-assessment/submit (Idempotency-Key): locks the draft and queues its scoring; 202 with the status URL.</summary>
public static class SubmitSelfAssessment
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/organizations/{code}/self-assessment/submit", HandleAsync).WithName(nameof(SubmitSelfAssessment))
        .ProducesSubmissionResponses();

    public static Task<IResult> HandleAsync(
        string campaignId, string code, HttpRequest http, SubmissionIntake intake, SubmissionStore submissions, ProgressRecorder progress, CancellationToken cancellationToken) =>
        intake.AcceptAsync(http, campaignId, code, StepKinds.SelfAssessment, "self-assessment", new { campaignId, code, action = "submit" }, 1, ballotTable: false,
            async (gate, key, response, ct) =>
            {
                var buckets = gate.Campaign!.Campaign.Buckets;
                var draft = await submissions.GetAsync(campaignId, buckets, code, SubmissionRecord.Self, "self", ct)
                    ?? throw new SubmissionRefusedException(409, "state", "There is no draft to submit: PUT the self-assessment first.");
                if (draft.State == SubmissionRecord.Submitted)
                {
                    throw new SubmissionRefusedException(409, "state", $"The self-assessment was already submitted at {ShanghaiTime.Format(draft.SubmittedAt)}.");
                }

                var outcome = await submissions.SaveAsync(campaignId, buckets, draft with { State = SubmissionRecord.Submitted, SubmittedAt = gate.CheckedAt }, draft.ETag, key, response, ct);
                if (!outcome.Replayed) await progress.SelfAssessmentSubmittedAsync(campaignId, buckets, gate.Organization!, ct);
                return outcome;
            },
            cancellationToken);
}

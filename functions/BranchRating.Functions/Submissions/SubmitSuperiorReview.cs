using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Http;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>POST …/organizations/{code}/reviews (Idempotency-Key): one superior reviewer's scores; a reviewer's later review replaces the earlier.</summary>
public static class SubmitSuperiorReview
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/organizations/{code}/reviews", HandleAsync).WithName(nameof(SubmitSuperiorReview))
        .ProducesSubmissionResponses();

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, SuperiorReviewRequest request, HttpRequest http, CampaignGate gate, SubmissionIntake intake, SubmissionStore submissions, ProgressRecorder progress, CancellationToken cancellationToken)
    {
        var scheme = await gate.SchemeAsync(campaignId, cancellationToken);
        if (scheme is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var errors = SchemeChecks.Scores(scheme, request.Group, RaterRole.Superior, request.Scores, request.ProposedLevel);
        var reviewer = string.IsNullOrWhiteSpace(request.Reviewer) ? "superior" : request.Reviewer.Trim();
        if (!Partitions.IsValidKeyPart(reviewer)) errors.Add(("reviewer", "At most 200 characters, without / \\ # ? | or control characters."));
        if (errors.Count > 0) return Problems.Invalid(errors);

        return await intake.AcceptAsync(http, campaignId, code, StepKinds.SuperiorReview, "superior-review", request, 1, ballotTable: false,
            async (gate, key, response, ct) =>
            {
                var buckets = gate.Campaign!.Campaign.Buckets;
                // Point reads only (a query scans the whole table in Azurite: one per review made the preparation O(n²)).
                var before = await submissions.GetAsync(campaignId, buckets, code, SubmissionRecord.Review, reviewer, ct);
                var outcome = await submissions.SaveAsync(campaignId, buckets,
                    new SubmissionRecord(code, SubmissionRecord.Review, reviewer, SubmissionRecord.Accepted, JsonSerializer.Serialize(request with { Reviewer = reviewer }, JsonSerializerOptions.Web), gate.CheckedAt, gate.CheckedAt, default),
                    null, key, response, ct);
                if (!outcome.Replayed && before is null)
                {
                    var first = await submissions.TryMarkReviewedAsync(campaignId, buckets, code, ct);
                    await progress.ReviewedAsync(campaignId, buckets, gate.Organization!, firstOfOrganization: first, ct);
                }

                return outcome;
            },
            cancellationToken);
    }
}

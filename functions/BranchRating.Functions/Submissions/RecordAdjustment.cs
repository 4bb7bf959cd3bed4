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
    private static readonly Dictionary<string, string[]> Levels = new()
    {
        [AdjustmentTypes.Commendation] = ["city", "province", "national"],
        [AdjustmentTypes.Innovation] = ["city", "province", "national"],
        [AdjustmentTypes.Criticism] = ["working-committee", "city-committee"],
        [AdjustmentTypes.Disciplinary] = ["warning-or-less", "removal-or-worse", "member"],
        [AdjustmentTypes.ElectionOverdue] = ["up-to-one-year", "over-one-year"],
    };

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/organizations/{code}/adjustments", HandleAsync).WithName(nameof(RecordAdjustment));

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, AdjustmentEventRequest request, HttpRequest http, SubmissionIntake intake, SubmissionStore submissions, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (request.Type is not { } type || !AdjustmentTypes.All.Contains(type)) errors.Add(("type", $"Must be one of: {string.Join(", ", AdjustmentTypes.All)}."));
        else if (Levels.TryGetValue(type, out var levels) && (request.Level is null || !levels.Contains(request.Level))) errors.Add(("level", $"For {type}, one of: {string.Join(", ", levels)}."));
        if (request.Count is < 1) errors.Add(("count", "At least 1 (persons, absences or events)."));
        if (request.Type == AdjustmentTypes.Veto && request.Date is null) errors.Add(("date", "A veto needs the date of the violation."));
        if (errors.Count > 0) return Problems.Invalid(errors);

        return await intake.AcceptAsync(http, campaignId, code, StepKinds.Determination, "adjustment", request, 1, ballotTable: false,
            (gate, key, response, ct) => submissions.SaveAsync(campaignId, gate.Campaign!.Campaign.Buckets,
                new SubmissionRecord(code, SubmissionRecord.Adjustment, Guid.NewGuid().ToString("N"), SubmissionRecord.Accepted, JsonSerializer.Serialize(request, JsonSerializerOptions.Web), gate.CheckedAt, gate.CheckedAt, default),
                null, key, response, ct),
            cancellationToken);
    }
}

using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>
/// Recording an adjustment event: adjustments add up, so the state it changes is the organization's adjustments recorded
/// so far (oldest first), each with when it was received and its content.
/// </summary>
public sealed class AdjustmentBeforeState(CampaignStore campaigns, SubmissionStore submissions) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await AuditBeforeStates.OrganizationAsync(http, campaigns, cancellationToken) is not { } organization)
        {
            return new(StepKinds.Determination, null);
        }

        var (campaign, code) = organization;

        var adjustments = (await submissions.ListSubjectAsync(campaign.Campaign.Id, campaign.Campaign.Buckets, code, cancellationToken))
            .Where(s => s.Kind == SubmissionRecord.Adjustment)
            .OrderBy(s => s.ReceivedAt).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new { id = s.Id, receivedAt = s.ReceivedAt, data = JsonSerializer.Deserialize<JsonElement>(s.Data) })
            .ToList();
        return new(StepKinds.Determination, new { count = adjustments.Count, adjustments });
    }
}

using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>Saving or submitting a self-assessment: the stored draft (or submission) it replaces or locks.</summary>
public sealed class SelfAssessmentBeforeState(CampaignStore campaigns, SubmissionStore submissions) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (campaignId, code) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "code"));
        if (campaignId is null || code is null || await campaigns.GetAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return new(StepKinds.SelfAssessment, null);
        }

        var stored = await submissions.GetAsync(campaignId, campaign.Campaign.Buckets, code, SubmissionRecord.Self, "self", cancellationToken);
        return new(StepKinds.SelfAssessment, stored is null ? null : new
        {
            state = stored.State,
            receivedAt = stored.ReceivedAt,
            submittedAt = stored.SubmittedAt,
            data = JsonSerializer.Deserialize<JsonElement>(stored.Data),
        });
    }
}

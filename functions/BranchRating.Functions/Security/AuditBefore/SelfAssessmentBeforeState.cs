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
        if (await AuditBeforeStates.OrganizationAsync(http, campaigns, cancellationToken) is not { } organization)
        {
            return new(StepKinds.SelfAssessment, null);
        }

        var (campaign, code) = organization;

        var stored = await submissions.GetAsync(campaign.Campaign.Id, campaign.Campaign.Buckets, code, SubmissionRecord.Self, "self", cancellationToken);
        return new(StepKinds.SelfAssessment, stored is null ? null : new
        {
            state = stored.State,
            receivedAt = stored.ReceivedAt,
            submittedAt = stored.SubmittedAt,
            data = JsonSerializer.Deserialize<JsonElement>(stored.Data),
        });
    }
}

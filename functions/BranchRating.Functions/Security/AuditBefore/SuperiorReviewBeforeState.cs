using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>A superior review: the same reviewer's stored review it replaces (reviews are replaced per reviewer).</summary>
public sealed class SuperiorReviewBeforeState(CampaignStore campaigns, SubmissionStore submissions) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(arguments);
        var (campaignId, code) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "code"));
        var request = arguments.OfType<SuperiorReviewRequest>().FirstOrDefault();
        var reviewer = string.IsNullOrWhiteSpace(request?.Reviewer) ? "superior" : request.Reviewer.Trim();
        if (campaignId is null || code is null || !Partitions.IsValidKeyPart(reviewer) || await campaigns.GetAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return new(StepKinds.SuperiorReview, null);
        }

        var stored = await submissions.GetAsync(campaignId, campaign.Campaign.Buckets, code, SubmissionRecord.Review, reviewer, cancellationToken);
        return new(StepKinds.SuperiorReview, stored is null ? null : new { state = stored.State, receivedAt = stored.ReceivedAt, data = JsonSerializer.Deserialize<JsonElement>(stored.Data) });
    }
}

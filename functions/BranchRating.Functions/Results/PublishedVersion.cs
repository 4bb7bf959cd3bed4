using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Results;

/// <summary>Follows a campaign's publication pointer: every read of one request uses the one version it points at.</summary>
public static class PublishedVersion
{
    public static async Task<(CampaignSnapshot? Campaign, IResult? Problem)> ResolveAsync(string campaignId, CampaignStore campaigns, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return (null, Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist."));
        if (campaign.Publication.Version == 0) return (null, Problems.NotFound("version", "No results are published yet: they are published when the final step closes."));
        return (campaign, null);
    }
}

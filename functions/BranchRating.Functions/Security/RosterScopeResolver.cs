using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Security;

/// <summary>
/// Organization codes → paths from the campaign's roster (<c>{Auth:RosterRoot}/{roster path}</c>); a campaign → the
/// department owning it (its stored owner scope, the root when none). Unknown organization codes resolve to null
/// (refused, existence not revealed).
/// </summary>
public sealed class RosterScopeResolver(CampaignStore campaigns, RosterStore roster, IOptions<AuthOptions> options) : IRatingScopeResolver
{
    private readonly OrganizationPath _root = OrganizationPath.Parse(options.Value.RosterRoot);

    public async ValueTask<OrganizationPath?> OrganizationPathAsync(string campaignId, string organizationId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(campaignId) || string.IsNullOrEmpty(organizationId) || campaignId.Length > 64 || organizationId.Length > 64)
        {
            return null;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var organization = await roster.GetAsync(campaignId, campaign.Campaign.Buckets, organizationId, cancellationToken);
        return organization is not null && OrganizationPath.TryParse(_root.Value + "/" + organization.Path.Trim('/'), out var path, out _) ? path : null;
    }

    /// <summary>
    /// The department owning the campaign (stored at creation, <see cref="CampaignOwnerScope"/>); campaigns created
    /// before owners were stored, and unknown ids (the handler answers 404 to an administrator of the root), belong to the root.
    /// </summary>
    public async ValueTask<OrganizationPath?> CampaignScopeAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(campaignId) || campaignId.Length > 64)
        {
            return _root;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign?.Campaign.OwnerScope is not { } owner)
        {
            return _root;
        }

        return OrganizationPath.TryParse(owner, out var path, out _) ? path : null;
    }
}

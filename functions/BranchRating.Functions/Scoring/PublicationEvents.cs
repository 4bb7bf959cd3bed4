using System.Globalization;
using BranchRating.Functions.Lifecycle;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Results;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// The <c>results.published</c> event of a publication. Its id is stable per campaign and version, and it is written in
/// the pointer flip's transaction, so a version is announced once. It concerns the whole campaign: its path is the
/// scope root, so every subscription of the campaign's organizations matches (as the lifecycle's campaign-wide events).
/// </summary>
public static class PublicationEvents
{
    public static string Id(string campaignId, long version) => string.Create(CultureInfo.InvariantCulture, $"{campaignId}.results.published.v{version}");

    public static NotificationEvent ResultsPublished(CampaignRecord campaign, long version, PublicationSummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(summary);
        // Organizations per level, best level first ("五星: 12").
        var levels = summary.Levels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Level}: {l.Count}")).ToList();
        return LifecycleEvents.Make(campaign, Id(campaign.Id, version), NotificationEventTypes.ResultsPublished, campaign.Id, now, LifecycleEvents.Root, new()
        {
            Detail = string.Create(CultureInfo.InvariantCulture, $"version {version}: {summary.Organizations} organizations rated"),
            Items = LifecycleEvents.Listed(levels),
        });
    }
}

using BranchRating.Domain.Lifecycle;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Campaigns;

namespace BranchRating.Functions.Lifecycle;

/// <summary>The lifecycle's notification events; ids are stable so that a retried change never writes one twice.</summary>
public static class LifecycleEvents
{
    public const string Root = "/";

    public static string Source(string campaignId) => $"/campaigns/{campaignId}";

    /// <summary>Hierarchy path of an organization (<c>C01/T03/B12</c> → <c>/C01/T03/B12/</c>).</summary>
    public static string PathOf(string? rosterPath) => string.IsNullOrEmpty(rosterPath) ? Root : "/" + rosterPath.Trim('/') + "/";

    /// <summary>The committee's path: the organization's path without its last segment.</summary>
    public static string ParentPathOf(string? rosterPath)
    {
        var p = (rosterPath ?? "").Trim('/');
        var cut = p.LastIndexOf('/');
        return cut < 0 ? Root : "/" + p[..cut] + "/";
    }

    /// <summary>Most items one event lists (an event must stay under the outbox's size limit); the rest are counted.</summary>
    public const int MaxItems = 100;

    public static IReadOnlyList<string> Listed(IReadOnlyList<string> items) =>
        items.Count <= MaxItems ? items : [.. items.Take(MaxItems), $"… and {items.Count - MaxItems} more"];

    public static NotificationEvent Make(CampaignRecord campaign, string id, string type, string? subject, DateTimeOffset now, string path, NotificationEventData data) =>
        new(id, Source(campaign.Id), type, subject, now, path, data with { CampaignId = campaign.Id, CampaignName = campaign.Name });

    public static NotificationEvent StepOpened(CampaignRecord c, StepTimeline t, DateTimeOffset now) =>
        Make(c, $"{c.Id}.{t.Kind}.opened", NotificationEventTypes.StepOpened, t.Kind, now, Root, new() { StepName = t.Kind, Deadline = t.SoftDeadline });

    public static NotificationEvent Reminder(CampaignRecord c, StepTimeline t, TimeSpan lead, string committee, string path, IReadOnlyList<string> missing, DateTimeOffset now) =>
        Make(c, $"{c.Id}.{t.Kind}.remind.{(long)lead.TotalMinutes}.{t.SoftDeadline.UtcTicks}.{committee}", NotificationEventTypes.DeadlineApproaching, t.Kind, now, path,
            new() { StepName = t.Kind, Deadline = t.SoftDeadline, OrganizationId = committee, Items = Listed(missing), Detail = $"{missing.Count} not yet submitted" });

    public static NotificationEvent StepClosed(CampaignRecord c, StepTimeline t, CommitteeMissing committee, string path, DateTimeOffset now) =>
        Make(c, $"{c.Id}.{t.Kind}.closed.{committee.Committee}", NotificationEventTypes.StepClosed, t.Kind, now, path,
            new() { StepName = t.Kind, OrganizationId = committee.Committee, Items = Listed(committee.Items.Select(i => $"{i.Code} {i.Name}: {i.Missing}").ToList()), Detail = $"{committee.Items.Count} missing" });

    /// <summary>A step outside the pipeline (publish-standard, public-notice, ledger) reached its hard expiry.</summary>
    public static NotificationEvent StepEnded(CampaignRecord c, StepTimeline t, DateTimeOffset now, string? detail = null) =>
        Make(c, $"{c.Id}.{t.Kind}.closed", NotificationEventTypes.StepClosed, t.Kind, now, Root, new() { StepName = t.Kind, Detail = detail ?? $"{t.Kind} closed at its deadline" });

    public static NotificationEvent StepClosedOverall(CampaignRecord c, StepTimeline t, int missing, DateTimeOffset now) =>
        Make(c, $"{c.Id}.{t.Kind}.closed", NotificationEventTypes.StepClosed, t.Kind, now, Root, new() { StepName = t.Kind, Detail = $"{missing} missing in all" });
}

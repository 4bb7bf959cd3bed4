using System.Text.Json.Serialization;

namespace BranchRating.Notifications.Events;

/// <summary>
/// One event, with the CloudEvents 1.0 context attributes (id, source, type, subject, time) and its data.
/// <see cref="OrganizationPath"/> is the path of the organization the event concerns in the hierarchy
/// (e.g. <c>/32/3201/320102/b0457/</c>); a subscription matches when its scope is a prefix of that path.
/// </summary>
public sealed record NotificationEvent(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset Time,
    string OrganizationPath,
    NotificationEventData Data);

/// <summary>
/// What the event says, in the words of the campaign. Every field is optional; the formatters show what is set.
/// Instants are UTC; they are displayed in Asia/Shanghai.
/// </summary>
public sealed record NotificationEventData
{
    [JsonPropertyName("campaignId")] public string? CampaignId { get; init; }

    [JsonPropertyName("campaignName")] public string? CampaignName { get; init; }

    [JsonPropertyName("stepName")] public string? StepName { get; init; }

    [JsonPropertyName("organizationId")] public string? OrganizationId { get; init; }

    [JsonPropertyName("organizationName")] public string? OrganizationName { get; init; }

    [JsonPropertyName("deadline")] public DateTimeOffset? Deadline { get; init; }

    /// <summary>Free text: the objection, the reason a star was lost, the rectification requirement…</summary>
    [JsonPropertyName("detail")] public string? Detail { get; init; }

    /// <summary>A list the message must carry (e.g. the organizations whose submissions are missing).</summary>
    [JsonPropertyName("items")] public IReadOnlyList<string>? Items { get; init; }

    /// <summary>A link to the page in BranchRating where the department acts on the event.</summary>
    [JsonPropertyName("link")] public string? Link { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Signing;

namespace BranchRating.Notifications.Formats;

/// <summary>
/// CloudEvents 1.0 in structured content mode (JSON event format): <c>Content-Type: application/cloudevents+json</c>,
/// the attributes specversion, id, source, type, subject, time, datacontenttype and data in one JSON object, plus the
/// extension attribute <c>orgpath</c>. Signed with the Standard Webhooks headers; <c>webhook-id</c> is the event id,
/// so a receiver can drop a redelivered event.
/// </summary>
public sealed class CloudEventsFormatter : IWebhookFormatter
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    public WebhookFormat Format => WebhookFormat.CloudEvents;

    public IReadOnlyList<WebhookRequest> Render(NotificationEvent evt, WebhookTarget target, DateTimeOffset now)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Envelope.From(evt), NotificationJson.Options);
        var timestamp = now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [StandardWebhookSigner.IdHeader] = evt.Id,
            [StandardWebhookSigner.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (target.Secret is { } secret)
        {
            headers[StandardWebhookSigner.SignatureHeader] = StandardWebhookSigner.Sign(evt.Id, timestamp, body, secret);
        }

        return [new WebhookRequest(target.Endpoint, ContentType, body, headers)];
    }

    public WebhookVerdict Judge(int statusCode, string responseBody) => HttpVerdicts.FromStatus(statusCode);

    /// <summary>The structured CloudEvent as serialized (also used by receivers in tests to read it back).</summary>
    public sealed record Envelope(
        [property: JsonPropertyName("specversion")] string SpecVersion,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("time")] DateTimeOffset Time,
        [property: JsonPropertyName("datacontenttype")] string DataContentType,
        [property: JsonPropertyName("orgpath")] string OrgPath,
        [property: JsonPropertyName("data")] NotificationEventData Data)
    {
        public static Envelope From(NotificationEvent evt) =>
            new("1.0", evt.Id, evt.Source, evt.Type, evt.Subject, evt.Time.ToUniversalTime(), "application/json", evt.OrganizationPath, evt.Data);
    }
}

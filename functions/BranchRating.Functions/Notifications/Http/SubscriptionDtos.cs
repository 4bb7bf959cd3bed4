using BranchRating.Notifications.Formats;
using BranchRating.Storage.Notifications;

namespace BranchRating.Functions.Notifications.Http;

/// <summary>POST /api/v1/subscriptions. <c>secret</c>: for cloudevents leave empty (one is generated and shown once) or give a <c>whsec_</c> secret; for dingtalk/feishu the robot's signing secret (optional if the robot uses keywords); none for wecom.</summary>
public sealed record CreateSubscriptionRequest
{
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }

    public string? Endpoint { get; init; }

    public string? Format { get; init; }

    public string? Secret { get; init; }
}

/// <summary>A subscription as the API shows it. <see cref="Secret"/> is set only in the answer to its creation.</summary>
public sealed record SubscriptionResponse(
    string Id, string Name, string Scope, IReadOnlyList<string> EventTypes, string Endpoint, string Format, DateTimeOffset CreatedAt, string? Secret = null)
{
    public static SubscriptionResponse From(SubscriptionRecord s, string? secretShownOnce = null) =>
        new(s.Id, s.Name, s.Scope, s.EventTypes, Redact(s.Endpoint, s.Format), s.Format.Name(), s.CreatedAt, secretShownOnce);

    /// <summary>
    /// Robot URLs carry their credential (WeCom <c>key</c>, DingTalk <c>access_token</c> in the query, Feishu the hook id
    /// in the path): the API shows them masked.
    /// </summary>
    public static string Redact(Uri endpoint, WebhookFormat format)
    {
        var path = endpoint.AbsolutePath;
        if (format == WebhookFormat.Feishu)
        {
            var cut = path.LastIndexOf('/');
            var last = path[(cut + 1)..];
            path = path[..(cut + 1)] + (last.Length > 4 ? last[..4] + "***" : "***");
        }

        var query = string.IsNullOrEmpty(endpoint.Query)
            ? ""
            : "?" + string.Join('&', endpoint.Query.TrimStart('?').Split('&').Select(p => p.Split('=')[0] + "=***"));
        return $"{endpoint.Scheme}://{endpoint.Authority}{path}{query}";
    }
}

public sealed record DeliveryStatusResponse(string EventId, string EventType, string State, int Attempts, int PartsDelivered, DateTimeOffset? NextAttemptAt, string? LastError);

public sealed record PingResponse(bool Accepted, int? StatusCode, double LatencyMs, string? Error);

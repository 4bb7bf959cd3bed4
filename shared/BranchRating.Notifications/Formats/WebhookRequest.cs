namespace BranchRating.Notifications.Formats;

/// <summary>One HTTP POST to send: the endpoint (possibly with signing query parameters), headers and the exact body bytes.</summary>
public sealed record WebhookRequest(Uri Uri, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>Where and how to send: the subscription's endpoint and its secret (null when the format has no signing).</summary>
public sealed record WebhookTarget(Uri Endpoint, WebhookFormat Format, string? Secret);

/// <summary>How an endpoint answered a request, as the format reads it.</summary>
public sealed record WebhookVerdict(bool Accepted, bool Retryable, string? Error)
{
    public static readonly WebhookVerdict Ok = new(true, false, null);
}

using BranchRating.Contracts;
using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Formats;

namespace BranchRating.Functions.Notifications;

/// <summary>Every setting of the notification functions, bound from configuration section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public RetryOptions Retry { get; set; } = new();

    public WebhookSenderOptions Sender { get; set; } = new();

    /// <summary>SSRF guard; production defaults. Tests and local runs list their receivers in <c>Safety:AllowedHosts</c>.</summary>
    public EndpointSafetyOptions Safety { get; set; } = new();

    public RobotMessageLimits Limits { get; set; } = new();

    public FanOutOptions FanOut { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();
}

public sealed class FanOutOptions
{
    /// <summary>Events per fan-out message (bounded also by <see cref="MaxMessageBytes"/>).</summary>
    public int EventsPerMessage { get; set; } = 200;

    /// <summary>Largest fan-out message body in UTF-8 bytes before base64 (a queue message is at most 64 KiB after
    /// encoding, i.e. 48 KiB before; Chinese text is 3 bytes a character).</summary>
    public int MaxMessageBytes { get; set; } = 46_000;

    /// <summary>Event ids per delivery message (one subscription each).</summary>
    public int EventsPerDeliveryMessage { get; set; } = 200;

    /// <summary>How long the list of subscriptions is reused between fan-outs.</summary>
    public TimeSpan SubscriptionCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A claimed delivery is another worker's for this long; then it may be taken over (the worker died).</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A handler starts no new delivery after this long; the rest goes back to the queue as a new message.</summary>
    public TimeSpan HandlerBudget { get; set; } = TimeSpan.FromSeconds(45);
}

public sealed class OutboxOptions
{
    /// <summary>Tables holding outbox rows written by <c>OutboxWriter</c>; the timer sweeps each.</summary>
    public IList<string> Tables { get; set; } = [StorageNames.Tables.Outbox];

    /// <summary>Rows read per table per sweep.</summary>
    public int MaxPerSweep { get; set; } = 5000;
}

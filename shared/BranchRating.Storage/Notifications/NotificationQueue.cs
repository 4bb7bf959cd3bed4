using Azure.Storage.Queues;
using BranchRating.Notifications.Queue;

namespace BranchRating.Storage.Notifications;

/// <summary>
/// Sends to the notifications queue. The client must encode messages as base64 (<see cref="QueueMessageEncoding.Base64"/>),
/// as the queue trigger and the host's listener decode them; <see cref="Create"/> builds such a client. A delay makes
/// the message invisible until then: that is how retries wait, never by sleeping in a handler.
/// </summary>
public sealed class NotificationQueue(QueueClient queue)
{
    /// <summary>Longest a message is kept (retries are at most hours away; the default 7 days is the service maximum).</summary>
    private static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);

    public QueueClient Client { get; } = queue;

    public static QueueClient Create(string connectionString, string queueName) =>
        new(connectionString, queueName, Queues.QueueClientDefaults.CreateOptions());

    public Task SendAsync(NotificationMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var visibility = delay is { } d && d > TimeSpan.Zero ? (d > TimeSpan.FromDays(6) ? TimeSpan.FromDays(6) : d) : (TimeSpan?)null;
        return Client.SendMessageAsync(message.ToJson(), visibility, TimeToLive, cancellationToken);
    }
}

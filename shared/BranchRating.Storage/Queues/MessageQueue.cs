using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;

namespace BranchRating.Storage.Queues;

/// <summary>
/// Sends JSON queue messages through the registered <see cref="QueueServiceClient"/> (configured by the host with
/// base64 message encoding, as the Functions queue trigger expects). Refuses a message that would exceed 48 KiB
/// after base64, the limit that keeps it under the queue's 64 KiB.
/// </summary>
public class MessageQueue
{
    public const int MaxEncodedBytes = 48 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly QueueServiceClient _service;
    private readonly QueueSendSignals? _signals;

    /// <param name="service">The queue service client.</param>
    /// <param name="signals">Told of every message sent visible at once, so this process's own listener wakes (optional).</param>
    public MessageQueue(QueueServiceClient service, QueueSendSignals? signals = null)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _signals = signals;
    }

    protected MessageQueue() => _service = null!;

    public static string Serialize<T>(T message)
    {
        var text = JsonSerializer.Serialize(message, Json);
        var encoded = (Encoding.UTF8.GetByteCount(text) + 2) / 3 * 4;
        if (encoded > MaxEncodedBytes)
        {
            throw new ArgumentException($"A queue message must stay under {MaxEncodedBytes} bytes after base64; this one is {encoded}.", nameof(message));
        }

        return text;
    }

    public static T? Deserialize<T>(string body) => JsonSerializer.Deserialize<T>(body, Json);

    public virtual async Task SendAsync<T>(string queueName, T message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var text = Serialize(message);
        await _service.GetQueueClient(queueName).SendMessageAsync(text, delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        if (delay is null || delay <= TimeSpan.Zero)
        {
            _signals?.Notify(queueName);
        }
    }

    public virtual Task SendRawAsync(string queueName, string text, CancellationToken cancellationToken = default) =>
        _service.GetQueueClient(queueName).SendMessageAsync(text, null, TimeSpan.FromSeconds(-1), cancellationToken);
}

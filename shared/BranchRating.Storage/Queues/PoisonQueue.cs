using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using BranchRating.Contracts;

namespace BranchRating.Storage.Queues;

/// <summary>
/// The poison queues <c>&lt;queue&gt;-poison</c>: moving a message there with its reason (used by the host's
/// listener), reading them, and replaying them to their work queue (the pipeline's "replay the poison queue").
/// The <see cref="QueueServiceClient"/> must use <see cref="QueueClientDefaults"/> (the host's registered client does).
/// </summary>
public class PoisonQueue
{
    /// <summary>Largest queue message, in characters of the base64 text Azure Storage stores.</summary>
    public const int MaxEncodedMessageLength = 64 * 1024;

    private readonly QueueServiceClient _queues;
    private readonly TimeProvider _time;

    public PoisonQueue(QueueServiceClient queues, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        _queues = queues;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>For mocking.</summary>
    protected PoisonQueue()
    {
        _queues = null!;
        _time = TimeProvider.System;
    }

    /// <summary>
    /// Writes <paramref name="message"/> to the poison queue of <paramref name="queue"/> as a <see cref="PoisonMessage"/>,
    /// then deletes it from <paramref name="queue"/>. Send comes before delete, so a failure in between leaves the
    /// message in both queues rather than in neither. When the envelope would exceed the 64 KiB message limit the
    /// original body is written as is (as Azure Functions does) and the returned value says the reason was not kept.
    /// </summary>
    /// <returns>True when the reason was stored with the message.</returns>
    public virtual async Task<bool> MoveAsync(
        QueueClient queue,
        QueueMessage message,
        string reason,
        string? exceptionType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(message);

        var poisonMessage = new PoisonMessage(
            queue.Name,
            message.MessageId,
            message.DequeueCount,
            message.InsertedOn,
            _time.GetUtcNow(),
            reason,
            exceptionType,
            message.Body.ToString());
        var text = poisonMessage.ToJson();
        var keptReason = EncodedLength(text) <= MaxEncodedMessageLength;

        var poison = _queues.GetQueueClient(StorageNames.Queues.Poison(queue.Name));
        await poison.SendMessageAsync(keptReason ? text : poisonMessage.OriginalMessage, cancellationToken).ConfigureAwait(false);
        await DeleteIfPresentAsync(queue, message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        return keptReason;
    }

    /// <summary>Up to 32 poison messages of <paramref name="queue"/>, without taking them.</summary>
    public virtual async Task<IReadOnlyList<PoisonMessage>> PeekAsync(string queue, int maxMessages = 32, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        var poison = _queues.GetQueueClient(StorageNames.Queues.Poison(queue));
        var peeked = await poison.PeekMessagesAsync(Math.Clamp(maxMessages, 1, 32), cancellationToken).ConfigureAwait(false);
        return peeked.Value
            .Select(m => PoisonMessage.TryParse(m.Body.ToString())
                         ?? new PoisonMessage(queue, m.MessageId, m.DequeueCount, m.InsertedOn, default, "(no reason stored)", null, m.Body.ToString()))
            .ToList();
    }

    /// <summary>
    /// Moves the messages of <c>&lt;queue&gt;-poison</c> back to <paramref name="queue"/> with their original body
    /// (the envelope is removed; a body copied as is is sent as is). Stops after <paramref name="maxMessages"/>
    /// (default: the messages present when the replay starts, so messages failing again are not looped).
    /// </summary>
    /// <returns>How many messages were replayed.</returns>
    public virtual async Task<int> ReplayAsync(string queue, int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        var work = _queues.GetQueueClient(queue);
        var poison = _queues.GetQueueClient(StorageNames.Queues.Poison(queue));
        if (!await poison.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var limit = maxMessages ?? (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        var replayed = 0;
        while (replayed < limit)
        {
            var batch = await poison.ReceiveMessagesAsync(Math.Min(32, limit - replayed), TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            if (batch.Value.Length == 0)
            {
                break;
            }

            foreach (var message in batch.Value)
            {
                var text = message.Body.ToString();
                var original = PoisonMessage.TryParse(text)?.OriginalMessage ?? text;
                await work.SendMessageAsync(original, cancellationToken).ConfigureAwait(false);
                await DeleteIfPresentAsync(poison, message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                replayed++;
            }
        }

        return replayed;
    }

    private static int EncodedLength(string text) => (System.Text.Encoding.UTF8.GetByteCount(text) + 2) / 3 * 4;

    private static async Task DeleteIfPresentAsync(QueueClient queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted, or its pop receipt expired and another receiver owns it now: it is not lost.
        }
    }
}

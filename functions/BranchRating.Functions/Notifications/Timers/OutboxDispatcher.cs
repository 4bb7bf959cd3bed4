using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Queue;
using BranchRating.Storage.Notifications;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Timers;

/// <summary>
/// Moves undispatched outbox rows to the notifications queue: packs many events per fan-out message (by count and
/// size), sends, then marks each row dispatched (ETag-guarded). A crash between sending and marking sends the events
/// again; fan-out's delivery records make that harmless, so dispatching is idempotent.
/// </summary>
public sealed class OutboxDispatcher(NotificationStorage storage, IOptions<NotificationOptions> options)
{
    /// <summary>Dispatches one partition at once (callers do this right after committing a change with its events).</summary>
    public async Task<int> DispatchPartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken = default)
    {
        var pending = await OutboxStore.PendingInPartitionAsync(table, partitionKey, options.Value.Outbox.MaxPerSweep, cancellationToken);
        return await DispatchAsync(table, pending, cancellationToken);
    }

    /// <summary>Dispatches up to <see cref="OutboxOptions.MaxPerSweep"/> rows of a whole table.</summary>
    public async Task<int> DispatchTableAsync(TableClient table, CancellationToken cancellationToken = default)
    {
        var pending = await OutboxStore.PendingAsync(table, options.Value.Outbox.MaxPerSweep, cancellationToken);
        return await DispatchAsync(table, pending, cancellationToken);
    }

    private async Task<int> DispatchAsync(TableClient table, IReadOnlyList<PendingOutboxEvent> pending, CancellationToken cancellationToken)
    {
        foreach (var batch in Pack(pending.Select(p => p.Event).ToList(), options.Value.FanOut))
        {
            await storage.Queue.SendAsync(new FanOutMessage(batch), cancellationToken: cancellationToken);
        }

        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (row, ct) => await OutboxStore.MarkDispatchedAsync(table, row, ct));
        return pending.Count;
    }

    /// <summary>Groups events into fan-out messages of at most <see cref="FanOutOptions.EventsPerMessage"/> events and <see cref="FanOutOptions.MaxMessageBytes"/> UTF-8 bytes.</summary>
    public static IEnumerable<IReadOnlyList<NotificationEvent>> Pack(IReadOnlyList<NotificationEvent> events, FanOutOptions options)
    {
        var batch = new List<NotificationEvent>();
        var size = 64;
        foreach (var evt in events)
        {
            var length = JsonSerializer.SerializeToUtf8Bytes(evt, NotificationJson.Options).Length + 1;
            if (batch.Count > 0 && (batch.Count >= options.EventsPerMessage || size + length > options.MaxMessageBytes))
            {
                yield return batch;
                batch = [];
                size = 64;
            }

            batch.Add(evt);
            size += length;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}

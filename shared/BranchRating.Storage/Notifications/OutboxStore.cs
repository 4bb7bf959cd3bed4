using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;

namespace BranchRating.Storage.Notifications;

/// <summary>An outbox row not yet dispatched: its event and the ETag that guards marking it dispatched.</summary>
public sealed record PendingOutboxEvent(string PartitionKey, string RowKey, ETag ETag, NotificationEvent Event);

/// <summary>Reads undispatched outbox rows (written by <see cref="OutboxWriter"/>) and marks them dispatched (deletes them).</summary>
public static class OutboxStore
{
    /// <summary>Undispatched rows of one partition (a point range query), oldest event ids first.</summary>
    public static Task<IReadOnlyList<PendingOutboxEvent>> PendingInPartitionAsync(TableClient table, string partitionKey, int max, CancellationToken cancellationToken = default) =>
        QueryAsync(table, $"PartitionKey eq '{Escape(partitionKey)}' and {RowRange}", max, cancellationToken);

    /// <summary>Undispatched rows of a whole table (a table scan on Azure: list only small tables carrying outbox rows).</summary>
    public static Task<IReadOnlyList<PendingOutboxEvent>> PendingAsync(TableClient table, int max, CancellationToken cancellationToken = default) =>
        QueryAsync(table, RowRange, max, cancellationToken);

    /// <summary>
    /// Marks a row dispatched by deleting it, conditional on the ETag read (the event lives on in the queue and in the
    /// delivery records; keeping dispatched rows would make every sweep read them again). False when another
    /// dispatcher already did (412) or the row is gone.
    /// </summary>
    public static async Task<bool> MarkDispatchedAsync(TableClient table, PendingOutboxEvent pending, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await table.DeleteEntityAsync(pending.PartitionKey, pending.RowKey, pending.ETag, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static string RowRange => $"RowKey ge '{OutboxWriter.RowKeyPrefix}' and RowKey lt 'outbox}}'";

    private static async Task<IReadOnlyList<PendingOutboxEvent>> QueryAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        var list = new List<PendingOutboxEvent>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            var evt = JsonSerializer.Deserialize<NotificationEvent>(entity.GetString("Event")!, NotificationJson.Options)!;
            list.Add(new PendingOutboxEvent(entity.PartitionKey, entity.RowKey, entity.ETag, evt));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;

namespace BranchRating.Storage.Notifications;

/// <summary>An outbox row not yet dispatched: its event and the ETag that guards marking it dispatched.</summary>
public sealed record PendingOutboxEvent(string PartitionKey, string RowKey, ETag ETag, NotificationEvent Event);

/// <summary>Reads undispatched outbox rows (written by <see cref="OutboxWriter"/>) and marks them dispatched.</summary>
public static class OutboxStore
{
    /// <summary>Undispatched rows of one partition (a point range query), oldest event ids first.</summary>
    public static Task<IReadOnlyList<PendingOutboxEvent>> PendingInPartitionAsync(TableClient table, string partitionKey, int max, CancellationToken cancellationToken = default) =>
        QueryAsync(table, $"PartitionKey eq '{Escape(partitionKey)}' and {RowRange} and Dispatched eq false", max, cancellationToken);

    /// <summary>Undispatched rows of a whole table (a table scan on Azure: list only small tables carrying outbox rows).</summary>
    public static Task<IReadOnlyList<PendingOutboxEvent>> PendingAsync(TableClient table, int max, CancellationToken cancellationToken = default) =>
        QueryAsync(table, $"{RowRange} and Dispatched eq false", max, cancellationToken);

    /// <summary>Marks a row dispatched; false when another dispatcher already did (ETag changed) or the row is gone.</summary>
    public static async Task<bool> MarkDispatchedAsync(TableClient table, PendingOutboxEvent pending, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(pending.PartitionKey, pending.RowKey) { ["Dispatched"] = true, ["DispatchedAt"] = DateTimeOffset.UtcNow };
        try
        {
            await table.UpdateEntityAsync(entity, pending.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
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

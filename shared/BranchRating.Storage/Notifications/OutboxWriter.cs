using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;

namespace BranchRating.Storage.Notifications;

/// <summary>
/// Writes an event in the same table transaction as the change that caused it, so there is no event without its
/// change and no change without its event. A table transaction is one table and one partition, so the outbox row
/// lives beside the change, in the caller's table and partition, under row key <c>outbox|{eventId}</c>:
/// <code>
/// var batch = new List&lt;TableTransactionAction&gt;
/// {
///     new(TableTransactionActionType.UpdateReplace, stepEntity, stepEntity.ETag),   // the change
/// };
/// OutboxWriter.AddTo(batch, stepEntity.PartitionKey, evt);                          // its event
/// await campaignsTable.SubmitTransactionAsync(batch, ct);                            // both or neither
/// await dispatcher.DispatchPartitionAsync(campaignsTable, stepEntity.PartitionKey); // optional: send now
/// </code>
/// The outbox timer (<c>DispatchOutbox</c>) sweeps every table listed in <c>Notifications:Outbox:Tables</c> for rows not
/// yet dispatched, so a table that carries outbox rows must be listed there. Event ids must be unique and stable: a
/// retried change that writes the same event id fails the whole transaction with 409 (already done).
/// </summary>
public static class OutboxWriter
{
    public const string RowKeyPrefix = "outbox|";

    /// <summary>Longest serialized event: a table string property holds 32K UTF-16 characters.</summary>
    public const int MaxEventChars = 30_000;

    public static TableTransactionAction Action(string partitionKey, NotificationEvent evt) =>
        new(TableTransactionActionType.Add, Entity(partitionKey, evt));

    public static void AddTo(ICollection<TableTransactionAction> batch, string partitionKey, NotificationEvent evt) =>
        batch.Add(Action(partitionKey, evt));

    public static TableEntity Entity(string partitionKey, NotificationEvent evt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(evt.Id, nameof(evt.Id));
        if (!NotificationEventTypes.IsKnown(evt.Type))
        {
            throw new ArgumentException($"Unknown event type '{evt.Type}'.", nameof(evt));
        }

        var json = JsonSerializer.Serialize(evt, NotificationJson.Options);
        if (json.Length > MaxEventChars)
        {
            throw new ArgumentException(
                $"The event serializes to {json.Length} characters (limit {MaxEventChars}); split its items over several events.", nameof(evt));
        }

        return new TableEntity(partitionKey, RowKeyPrefix + evt.Id)
        {
            ["Event"] = json,
            ["EventType"] = evt.Type,
            ["CreatedAt"] = DateTimeOffset.UtcNow,
        };
    }
}

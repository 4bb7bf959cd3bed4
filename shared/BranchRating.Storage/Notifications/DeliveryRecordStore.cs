using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;

namespace BranchRating.Storage.Notifications;

public enum DeliveryState
{
    Pending,
    Delivering,
    Retrying,
    Delivered,
    DeadLettered,
}

/// <summary>The delivery of one event to one subscription, with the ETag of the version read.</summary>
public sealed record DeliveryRecord(
    string SubscriptionId,
    string EventId,
    DeliveryState State,
    int Attempts,
    int PartsDelivered,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    NotificationEvent Event,
    ETag ETag);

/// <summary>
/// The idempotency of deliveries: one record per (subscription, event) in the <c>deliveries</c> table, partition
/// <c>rec|{subscriptionId}</c>, row key = event id. Every state change is conditional on the ETag read, so two
/// workers holding the same queue message (redelivery) cannot both send: only the one whose claim succeeds does.
/// Pending → Delivering (lease) → Delivered | Retrying → … → DeadLettered.
/// </summary>
public sealed class DeliveryRecordStore(TableClient table)
{
    public static string Partition(string subscriptionId) => "rec|" + subscriptionId;

    /// <summary>
    /// Creates the records of a batch of events for one subscription. Returns the ids to enqueue: the new ones, and
    /// existing ones still Pending (a fan-out that died between creating and enqueuing); others are duplicates.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string subscriptionId, IReadOnlyList<NotificationEvent> events, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var toEnqueue = new List<string>();
        foreach (var chunk in events.DistinctBy(e => e.Id).Chunk(100))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, NewEntity(subscriptionId, e, now))).ToList();
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                toEnqueue.AddRange(chunk.Select(e => e.Id));
                continue;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Some already exist (a redelivered fan-out message): fall back to one by one.
            }

            foreach (var evt in chunk)
            {
                try
                {
                    await table.AddEntityAsync(NewEntity(subscriptionId, evt, now), cancellationToken);
                    toEnqueue.Add(evt.Id);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    var existing = await GetAsync(subscriptionId, evt.Id, cancellationToken);
                    if (existing is { State: DeliveryState.Pending })
                    {
                        toEnqueue.Add(evt.Id);
                    }
                }
            }
        }

        return toEnqueue;
    }

    public async Task<DeliveryRecord?> GetAsync(string subscriptionId, string eventId, CancellationToken cancellationToken = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(subscriptionId), eventId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    /// <summary>
    /// Takes the delivery for one attempt, or returns null when it is not to be sent now: already delivered or
    /// dead-lettered, leased by another worker, or claimed by someone else in between (412). A Retrying delivery is
    /// claimable whenever a message names it: its previous attempt failed, so an early attempt sends nothing twice,
    /// and a retry message lost after the record was marked is recovered by the redelivered original.
    /// </summary>
    public async Task<DeliveryRecord?> TryClaimAsync(string subscriptionId, string eventId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(subscriptionId, eventId, cancellationToken);
        var claimable = record switch
        {
            null => false,
            { State: DeliveryState.Pending } => true,
            { State: DeliveryState.Retrying } => true,
            { State: DeliveryState.Delivering } r => r.LeaseUntil is null || r.LeaseUntil <= now,
            _ => false,
        };
        if (!claimable)
        {
            return null;
        }

        var claimed = record! with { State = DeliveryState.Delivering, Attempts = record.Attempts + 1, LeaseUntil = now + lease };
        return await ReplaceAsync(claimed, cancellationToken);
    }

    /// <summary>Records the outcome of a claimed attempt (conditional on the claim's ETag); null when the claim was lost.</summary>
    public Task<DeliveryRecord?> CompleteAsync(DeliveryRecord claimed, DeliveryState state, int partsDelivered, DateTimeOffset? nextAttemptAt, string? error, CancellationToken cancellationToken = default) =>
        ReplaceAsync(claimed with { State = state, PartsDelivered = partsDelivered, NextAttemptAt = nextAttemptAt, LastError = error, LeaseUntil = null }, cancellationToken);

    /// <summary>Manual redelivery: a dead-lettered or retrying delivery becomes Pending with its attempts reset.</summary>
    public async Task<DeliveryRecord?> ResetForRedeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default) =>
        record.State is DeliveryState.DeadLettered or DeliveryState.Retrying
            ? await ReplaceAsync(record with { State = DeliveryState.Pending, Attempts = 0, NextAttemptAt = null, LeaseUntil = null }, cancellationToken)
            : null;

    private async Task<DeliveryRecord?> ReplaceAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(record), record.ETag, TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    private static TableEntity NewEntity(string subscriptionId, NotificationEvent evt, DateTimeOffset now) =>
        ToEntity(new DeliveryRecord(subscriptionId, evt.Id, DeliveryState.Pending, 0, 0, null, null, null, now, evt, default));

    private static TableEntity ToEntity(DeliveryRecord r) => new(Partition(r.SubscriptionId), r.EventId)
    {
        ["State"] = r.State.ToString(),
        ["Attempts"] = r.Attempts,
        ["PartsDelivered"] = r.PartsDelivered,
        ["LeaseUntil"] = r.LeaseUntil,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["LastError"] = r.LastError,
        ["CreatedAt"] = r.CreatedAt,
        ["EventType"] = r.Event.Type,
        ["Event"] = JsonSerializer.Serialize(r.Event, NotificationJson.Options),
    };

    private static DeliveryRecord FromEntity(TableEntity e) => new(
        e.PartitionKey["rec|".Length..],
        e.RowKey,
        Enum.Parse<DeliveryState>(e.GetString("State")!),
        e.GetInt32("Attempts") ?? 0,
        e.GetInt32("PartsDelivered") ?? 0,
        e.GetDateTimeOffset("LeaseUntil"),
        e.GetDateTimeOffset("NextAttemptAt"),
        e.GetString("LastError"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<NotificationEvent>(e.GetString("Event")!, NotificationJson.Options)!,
        e.ETag);
}

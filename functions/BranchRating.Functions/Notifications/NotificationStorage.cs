using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Storage.Notifications;

namespace BranchRating.Functions.Notifications;

/// <summary>The table names used; tests give each run its own.</summary>
public sealed record NotificationTableNames(string Subscriptions, string Deliveries, string Outbox)
{
    public static readonly NotificationTableNames Default = new(StorageNames.Tables.Subscriptions, StorageNames.Tables.Deliveries, StorageNames.Tables.Outbox);
}

/// <summary>The tables and queue the notification functions use, and the stores over them.</summary>
public sealed class NotificationStorage
{
    public NotificationStorage(TableServiceClient tables, NotificationQueue queue, ISubscriptionSecretStore? secrets = null, NotificationTableNames? names = null)
    {
        Tables = tables;
        Queue = queue;
        Names = names ?? NotificationTableNames.Default;
        var subscriptionsTable = tables.GetTableClient(Names.Subscriptions);
        var deliveries = tables.GetTableClient(Names.Deliveries);
        Subscriptions = new SubscriptionStore(subscriptionsTable, secrets ?? new TableSubscriptionSecretStore(subscriptionsTable));
        Records = new DeliveryRecordStore(deliveries);
        Log = new DeliveryLogStore(deliveries);
        DeadLetters = new DeadLetterStore(deliveries);
    }

    public TableServiceClient Tables { get; }

    public NotificationTableNames Names { get; }

    public NotificationQueue Queue { get; }

    public SubscriptionStore Subscriptions { get; }

    public DeliveryRecordStore Records { get; }

    public DeliveryLogStore Log { get; }

    public DeadLetterStore DeadLetters { get; }

    /// <summary>Creates the tables and the queue (local runs and tests; in Azure the infrastructure creates them).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in new[] { Names.Subscriptions, Names.Deliveries, Names.Outbox })
        {
            await Tables.CreateTableIfNotExistsAsync(name, cancellationToken);
        }

        await Queue.Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}

using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Notifications;

/// <summary>A delivery given up on: why, after how many attempts, with the last status seen.</summary>
public sealed record DeadLetter(string SubscriptionId, string EventId, string EventType, string Reason, int Attempts, DateTimeOffset At);

/// <summary>
/// Dead-lettered deliveries per subscription: the <c>deliveries</c> table, partition <c>dead|{subscriptionId}</c>,
/// row key = event id. Manual redelivery removes the row and resets the delivery record.
/// </summary>
public sealed class DeadLetterStore(TableClient table)
{
    public static string Partition(string subscriptionId) => "dead|" + subscriptionId;

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken = default) =>
        table.UpsertEntityAsync(new TableEntity(Partition(letter.SubscriptionId), letter.EventId)
        {
            ["EventType"] = letter.EventType,
            ["Reason"] = letter.Reason,
            ["Attempts"] = letter.Attempts,
            ["At"] = letter.At,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string subscriptionId, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<DeadLetter>();
        var partition = Partition(subscriptionId);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            list.Add(new DeadLetter(subscriptionId, e.RowKey, e.GetString("EventType") ?? "", e.GetString("Reason") ?? "",
                e.GetInt32("Attempts") ?? 0, e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    public async Task RemoveAsync(string subscriptionId, string eventId, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(Partition(subscriptionId), eventId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}

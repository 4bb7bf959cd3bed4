using System.Globalization;
using Azure.Data.Tables;

namespace BranchRating.Storage.Notifications;

/// <summary>One HTTP attempt as logged: never the body, the signature or the secret.</summary>
public sealed record DeliveryLogEntry(
    string SubscriptionId,
    string EventId,
    string EventType,
    int Attempt,
    int Part,
    string Outcome,
    int? StatusCode,
    double LatencyMs,
    string? Error,
    DateTimeOffset At);

/// <summary>
/// The delivery log of each subscription: the <c>deliveries</c> table, partition <c>log|{subscriptionId}</c>, row key
/// = reversed time + event + attempt + part, so the newest attempts come first in a partition query.
/// </summary>
public sealed class DeliveryLogStore(TableClient table)
{
    public static string Partition(string subscriptionId) => "log|" + subscriptionId;

    public Task AppendAsync(DeliveryLogEntry entry, CancellationToken cancellationToken = default)
    {
        var reversed = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var entity = new TableEntity(Partition(entry.SubscriptionId), $"{reversed}|{entry.EventId}|{entry.Attempt:D2}|{entry.Part:D2}")
        {
            ["EventId"] = entry.EventId,
            ["EventType"] = entry.EventType,
            ["Attempt"] = entry.Attempt,
            ["Part"] = entry.Part,
            ["Outcome"] = entry.Outcome,
            ["StatusCode"] = entry.StatusCode,
            ["LatencyMs"] = entry.LatencyMs,
            ["Error"] = entry.Error,
            ["At"] = entry.At,
        };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryLogEntry>> ListAsync(string subscriptionId, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<DeliveryLogEntry>();
        var partition = Partition(subscriptionId);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            list.Add(new DeliveryLogEntry(subscriptionId, e.GetString("EventId")!, e.GetString("EventType") ?? "", e.GetInt32("Attempt") ?? 0,
                e.GetInt32("Part") ?? 1, e.GetString("Outcome") ?? "", e.GetInt32("StatusCode"), e.GetDouble("LatencyMs") ?? 0,
                e.GetString("Error"), e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }
}

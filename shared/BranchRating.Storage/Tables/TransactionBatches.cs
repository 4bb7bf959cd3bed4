using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Tables;

/// <summary>
/// The limits of a table transaction, enforced here because Azurite does not: at most 100 actions, all in one
/// partition, under 4 MiB of payload. <see cref="Split"/> groups any set of actions into valid transactions.
/// </summary>
public static class TransactionBatches
{
    public const int MaxActions = 100;
    public const long MaxPayloadBytes = 4L * 1024 * 1024 - 64 * 1024; // keep a margin for the multipart envelope

    public static IEnumerable<IReadOnlyList<TableTransactionAction>> Split(IEnumerable<TableTransactionAction> actions)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>();
            long bytes = 0;
            foreach (var action in partition)
            {
                var size = EstimateBytes(action.Entity);
                if (batch.Count == MaxActions || (batch.Count > 0 && bytes + size > MaxPayloadBytes))
                {
                    yield return batch;
                    batch = [];
                    bytes = 0;
                }

                batch.Add(action);
                bytes += size;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// The batches of <see cref="Split"/> reordered to take one batch of each partition in turn (partitions in their
    /// first-seen order): transactions submitted in parallel then land on different partitions instead of queueing on
    /// one (Azure's per-partition throughput target).
    /// </summary>
    public static IEnumerable<IReadOnlyList<TableTransactionAction>> Interleave(IEnumerable<IReadOnlyList<TableTransactionAction>> batches)
    {
        var partitions = batches.GroupBy(b => b[0].Entity.PartitionKey, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        for (var round = 0; partitions.Count > 0; round++)
        {
            foreach (var partition in partitions)
            {
                yield return partition[round];
            }

            partitions.RemoveAll(p => p.Count <= round + 1);
        }
    }

    /// <summary>Refuses a transaction Azure would refuse (Azurite would accept some of these).</summary>
    public static void Validate(IReadOnlyList<TableTransactionAction> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A table transaction holds 1 to {MaxActions} actions, not {batch.Count}.", nameof(batch));
        }

        var partition = batch[0].Entity.PartitionKey;
        if (batch.Any(a => !string.Equals(a.Entity.PartitionKey, partition, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A table transaction must stay within one partition key.", nameof(batch));
        }

        var bytes = batch.Sum(a => EstimateBytes(a.Entity));
        if (bytes > MaxPayloadBytes)
        {
            throw new ArgumentException($"A table transaction must stay under 4 MiB; this one is about {bytes} bytes.", nameof(batch));
        }
    }

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        foreach (var batch in Split(actions))
        {
            Validate(batch);
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes entities that are usually new (a fresh version, a first score): each transaction inserts (one row lookup per
    /// action in Azurite, where an upsert makes two); a transaction refused because a row is already there (409: nothing
    /// of it was applied) is submitted again as upserts, so writing the same rows twice is harmless. Transactions go
    /// <paramref name="parallelism"/> at a time, the partitions taken in turn (<see cref="Interleave"/>).
    /// </summary>
    public static async Task InsertOrReplaceAsync(TableClient table, IEnumerable<ITableEntity> entities, int parallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        await Parallel.ForEachAsync(
            Interleave(Split(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)))),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                Validate(batch);
                try
                {
                    await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException e) when (IsConflict(e))
                {
                    await table.SubmitTransactionAsync(batch.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, a.Entity)).ToList(), ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    /// <summary>Upper estimate of an entity's wire size (UTF-16 strings, JSON framing per property).</summary>
    public static long EstimateBytes(ITableEntity entity)
    {
        long bytes = 2L * (entity.PartitionKey.Length + entity.RowKey.Length) + 128;
        if (entity is TableEntity dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                bytes += 2L * key.Length + 32 + value switch
                {
                    string s => 2L * s.Length,
                    byte[] b => b.Length * 2L,
                    _ => 16,
                };
            }
        }

        return bytes;
    }

    public static bool IsConflict(RequestFailedException e) => e.Status == 409;

    public static bool IsPreconditionFailed(RequestFailedException e) => e.Status == 412;
}

using Azure;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Submissions;

/// <summary>
/// Table <c>submissions</c>: partition = <c>{campaignId}|{bucket}|{code}</c> (<see cref="SubjectPartition"/>); rows <c>{code}|self</c>,
/// <c>{code}|review|{reviewer}</c>, <c>{code}|adjustment|{id}</c> and the idempotency rows <c>{code}|idem|{key}</c>.
/// </summary>
public class SubmissionStore
{
    private readonly TableClient _table;

    public SubmissionStore(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected SubmissionStore() => _table = null!;

    /// <summary>
    /// One partition per organization, <c>{campaignId}|{bucket}|{code}</c>, as the ballots: a submission's transaction
    /// (the submission and its idempotency row) stays in a partition of a few rows whatever the campaign size (Azurite
    /// finds each row of a transaction by scanning its partition, so bucket-wide partitions made every submission
    /// O(campaign)); a bucket's submissions are one key range (<see cref="ListBucketAsync"/>).
    /// </summary>
    public static string SubjectPartition(string campaignId, string code, int buckets) => Partitions.ForCode(campaignId, code, buckets) + "|" + code;

    /// <summary>Writes (insert, or replace when <paramref name="expected"/> is the ETag read) with the idempotency row in one transaction.</summary>
    public virtual Task<IdempotentOutcome> SaveAsync(
        string campaignId, int buckets, SubmissionRecord record, ETag? expected, string? idempotencyKey, StoredResponse response,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pk = SubjectPartition(campaignId, record.Code, buckets);
        var entity = new TableEntity(pk, RowKey(record.Code, record.Kind, record.Id))
        {
            ["Kind"] = record.Kind,
            ["Id"] = record.Id,
            ["State"] = record.State,
            ["Data"] = record.Data,
            ["ReceivedAt"] = record.ReceivedAt.ToUniversalTime(),
            ["SubmittedAt"] = record.SubmittedAt?.ToUniversalTime(),
        };
        var action = expected is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
            : new TableTransactionAction(record.Kind == SubmissionRecord.Review ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add, entity);
        return IdempotentTransaction.SubmitAsync(_table, pk, record.Code, idempotencyKey, [action], response, cancellationToken);
    }

    public virtual Task<StoredResponse?> FindResponseAsync(string campaignId, int buckets, string code, string idempotencyKey, CancellationToken cancellationToken = default) =>
        IdempotentTransaction.FindAsync(_table, SubjectPartition(campaignId, code, buckets), code, idempotencyKey, cancellationToken);

    public virtual async Task<SubmissionRecord?> GetAsync(string campaignId, int buckets, string code, string kind, string id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(SubjectPartition(campaignId, code, buckets), RowKey(code, kind, id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    /// <summary>
    /// Marks the organization reviewed (row <c>{code}|reviewed</c>, no <c>Kind</c>, so never listed as a submission): true
    /// for the one caller that inserted it — the organization's first review, counted once even when reviewers race.
    /// </summary>
    public virtual async Task<bool> TryMarkReviewedAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(SubjectPartition(campaignId, code, buckets), $"{code}|reviewed"), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (TransactionBatches.IsConflict(e))
        {
            return false;
        }
    }

    /// <summary>Every submission of one organization (one range query in its partition).</summary>
    public virtual async Task<IReadOnlyList<SubmissionRecord>> ListSubjectAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var pk = SubjectPartition(campaignId, code, buckets);
        var from = code + "|";
        var list = new List<SubmissionRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(from)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("Kind") is not null)
            {
                list.Add(ToRecord(e));
            }
        }

        return list;
    }

    /// <summary>
    /// Codes of the bucket's organizations with a submission row stored at or after <paramref name="since"/> (storage
    /// timestamps): what changed since the bucket's scores were read.
    /// </summary>
    public virtual async Task<IReadOnlySet<string>> ListCodesChangedSinceAsync(string campaignId, int bucket, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = Partitions.ForBucket(campaignId, bucket) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {Partitions.PrefixEnd(from)} and Timestamp ge {since}");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            codes.Add(e.PartitionKey[from.Length..]);
        }

        return codes;
    }

    /// <summary>Every submission of one bucket (its organizations' partitions are one key range), by organization code.</summary>
    public virtual async Task<ILookup<string, SubmissionRecord>> ListBucketAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        var from = Partitions.ForBucket(campaignId, bucket) + "|";
        var to = Partitions.PrefixEnd(from);
        var list = new List<SubmissionRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey.CompareTo(from) >= 0 && x.PartitionKey.CompareTo(to) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("Kind") is not null)
            {
                list.Add(ToRecord(e));
            }
        }

        return list.ToLookup(r => r.Code, StringComparer.Ordinal);
    }

    private static string RowKey(string code, string kind, string id) => kind == SubmissionRecord.Self ? $"{code}|self" : $"{code}|{kind}|{id}";

    private static SubmissionRecord ToRecord(TableEntity e) => new(
        e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)], e.GetString("Kind"), e.GetString("Id"), e.GetString("State"),
        e.GetString("Data") ?? "{}", e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("SubmittedAt"), e.ETag);
}

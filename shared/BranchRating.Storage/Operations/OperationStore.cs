using Azure;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Operations;

/// <summary>A long-running operation's state as stored (see Contracts' OperationKinds/OperationStatuses).</summary>
public sealed record OperationRecord(
    string CampaignId, string Id, string Kind, string Status, int Done, int Total, long? Version, string? Detail,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// Table <c>operations</c>: partition = campaign id; row = operation id, plus <c>{id}|part|{n}</c> markers, one per
/// finished part: a redelivered part finds its marker and is not counted twice; and <c>{id}|claim|{step}</c>, the one
/// part that starts the next step (<see cref="TryClaimAsync"/>).
/// </summary>
public class OperationStore
{
    private readonly TableClient _table;

    public OperationStore(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected OperationStore() => _table = null!;

    public virtual Task CreateAsync(OperationRecord operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _table.AddEntityAsync(new TableEntity(operation.CampaignId, operation.Id)
        {
            ["Kind"] = operation.Kind, ["Status"] = operation.Status, ["Done"] = operation.Done, ["Total"] = operation.Total,
            ["Version"] = operation.Version, ["Detail"] = operation.Detail, ["CreatedAt"] = operation.CreatedAt.ToUniversalTime(),
        }, cancellationToken);
    }

    public virtual async Task<OperationRecord?> GetAsync(string campaignId, string id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var e = found.Value!;
        return new OperationRecord(campaignId, id, e.GetString("Kind"), e.GetString("Status"), e.GetInt32("Done") ?? 0, e.GetInt32("Total") ?? 0,
            e.GetInt64("Version"), e.GetString("Detail"), e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("CompletedAt"));
    }

    /// <summary>True when <paramref name="part"/> of the operation was marked finished (a redelivered part need not work again).</summary>
    public virtual async Task<bool> IsPartCompleteAsync(string campaignId, string id, int part, CancellationToken cancellationToken = default) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, PartKey(id, part), ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue;

    private static string PartKey(string id, int part) => $"{id}|part|{part:D4}";

    /// <summary>Marks one part finished (idempotent) and returns how many distinct parts are finished.</summary>
    public virtual async Task<int> CompletePartAsync(string campaignId, string id, int part, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(campaignId, PartKey(id, part)), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (TransactionBatches.IsConflict(e))
        {
        }

        var prefix = $"{id}|part|";
        var done = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(prefix)) < 0, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            done++;
        }

        await UpdateAsync(campaignId, id, status: OperationStatusRunning, done: done, cancellationToken: cancellationToken).ConfigureAwait(false);
        return done;
    }

    /// <summary>
    /// Claims the next step of an operation for one of its parts, exactly once: the first caller inserts row
    /// <c>{id}|claim|{step}</c> naming <paramref name="owner"/> and wins; every other owner loses (409). The same owner
    /// claiming again wins again, so a redelivered message of the winner (which may have stopped before it acted on the
    /// claim) acts again — at-least-once, never lost. Counting finished parts is not enough to elect one: parts that
    /// finish together all count every marker and would all start the step.
    /// </summary>
    public virtual async Task<bool> TryClaimAsync(string campaignId, string id, string step, string owner, CancellationToken cancellationToken = default)
    {
        var rowKey = $"{id}|claim|{step}";
        try
        {
            await _table.AddEntityAsync(new TableEntity(campaignId, rowKey) { ["Owner"] = owner }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (TransactionBatches.IsConflict(e))
        {
            var claimed = await _table.GetEntityAsync<TableEntity>(campaignId, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return string.Equals(claimed.Value.GetString("Owner"), owner, StringComparison.Ordinal);
        }
    }

    /// <summary>Merges the given fields into the operation (last writer wins: progress only grows, completion is final).</summary>
    public virtual Task UpdateAsync(
        string campaignId, string id, string? status = null, int? done = null, string? detail = null, DateTimeOffset? completedAt = null,
        CancellationToken cancellationToken = default, long? version = null)
    {
        var e = new TableEntity(campaignId, id);
        if (status is not null) e["Status"] = status;
        if (done is not null) e["Done"] = done;
        if (detail is not null) e["Detail"] = detail;
        if (completedAt is not null) e["CompletedAt"] = completedAt.Value.ToUniversalTime();
        if (version is not null) e["Version"] = version;
        return _table.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private const string OperationStatusRunning = "running";
}

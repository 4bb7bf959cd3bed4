using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Roster;

/// <summary>Table <c>organizations</c>: partition = <c>{campaignId}|{bucket}</c> (bucket of the code), row = code.</summary>
public class RosterStore
{
    private readonly TableClient _table;

    public RosterStore(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected RosterStore() => _table = null!;

    /// <summary>Inserts or replaces the organizations, in transactions of at most 100 per bucket partition.</summary>
    public virtual Task UpsertAsync(string campaignId, int buckets, IEnumerable<OrganizationRecord> organizations, CancellationToken cancellationToken = default)
    {
        var actions = organizations.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(campaignId, buckets, o)));
        return TransactionBatches.SubmitAsync(_table, actions, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="UpsertAsync"/>, and returns what changed for the progress counters: each transaction first
    /// inserts its organizations (the usual case: all new); when one of them exists already, the batch's rows are read
    /// and replaced, and the changes name the organizations that are new or moved to another region or field.
    /// </summary>
    public virtual async Task<IReadOnlyList<RosterChange>> ImportAsync(string campaignId, int buckets, IEnumerable<OrganizationRecord> organizations, CancellationToken cancellationToken = default)
    {
        var byKey = new Dictionary<(string, string), OrganizationRecord>();
        var entities = new Dictionary<(string, string), TableEntity>();
        foreach (var o in organizations)
        {
            var entity = ToEntity(campaignId, buckets, o);
            byKey[(entity.PartitionKey, entity.RowKey)] = o; // the last row of a code wins, as with UpsertAsync
            entities[(entity.PartitionKey, entity.RowKey)] = entity;
        }

        var changes = new List<RosterChange>();
        foreach (var batch in TransactionBatches.Split(entities.Values.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList()))
        {
            TransactionBatches.Validate(batch);
            try
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                changes.AddRange(batch.Select(a => new RosterChange(null, byKey[(a.Entity.PartitionKey, a.Entity.RowKey)])));
                continue;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Some exist already: read them, then replace the whole batch.
            }

            foreach (var a in batch)
            {
                var found = await _table.GetEntityIfExistsAsync<TableEntity>(a.Entity.PartitionKey, a.Entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                var now = byKey[(a.Entity.PartitionKey, a.Entity.RowKey)];
                var before = found.HasValue ? ToRecord(found.Value!) : null;
                if (before is null || before.Region != now.Region || before.Field != now.Field)
                {
                    changes.Add(new RosterChange(before, now));
                }
            }

            await _table.SubmitTransactionAsync(batch.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, a.Entity)), cancellationToken).ConfigureAwait(false);
        }

        return changes;
    }

    public virtual async Task<OrganizationRecord?> GetAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partitions.ForCode(campaignId, code, buckets), code, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRecord(response.Value!) : null;
    }

    /// <summary>Every organization of one bucket partition (one partition query).</summary>
    /// <summary>Codes of the bucket's organizations imported or changed at or after <paramref name="since"/> (storage timestamps).</summary>
    public virtual async Task<IReadOnlySet<string>> ListCodesChangedSinceAsync(string campaignId, int bucket, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partitions.ForBucket(campaignId, bucket)} and Timestamp ge {since}");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            codes.Add(e.RowKey);
        }

        return codes;
    }

    public virtual async Task<IReadOnlyList<OrganizationRecord>> ListBucketAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        var pk = Partitions.ForBucket(campaignId, bucket);
        var list = new List<OrganizationRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToRecord(e));
        }

        return list;
    }

    private static TableEntity ToEntity(string campaignId, int buckets, OrganizationRecord o) => new(Partitions.ForCode(campaignId, o.Code, buckets), o.Code)
    {
        ["Name"] = o.Name,
        ["ParentCode"] = o.ParentCode,
        ["Path"] = o.Path,
        ["Region"] = o.Region,
        ["County"] = o.County,
        ["Field"] = o.Field,
        ["MemberCount"] = o.MemberCount,
    };

    private static OrganizationRecord ToRecord(TableEntity e) => new(
        e.RowKey, e.GetString("Name"), e.GetString("ParentCode"), e.GetString("Path"), e.GetString("Region"),
        e.GetString("County"), e.GetString("Field"), e.GetInt32("MemberCount") ?? 0);
}

/// <summary>An organization added to the roster (<see cref="Before"/> null) or moved to another region or field.</summary>
public sealed record RosterChange(OrganizationRecord? Before, OrganizationRecord After);

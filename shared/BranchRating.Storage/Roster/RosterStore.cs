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

    public virtual async Task<OrganizationRecord?> GetAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partitions.ForCode(campaignId, code, buckets), code, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRecord(response.Value!) : null;
    }

    /// <summary>Every organization of one bucket partition (one partition query).</summary>
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

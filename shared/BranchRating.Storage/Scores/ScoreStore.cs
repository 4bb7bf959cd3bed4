using Azure.Data.Tables;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Scores;

/// <summary>
/// A subject's latest score (the engine's SubjectScore as JSON) or the reason it could not be scored, with the roster
/// attributes it was scored under (name, region, county, field), so that ranking reads one table, not two.
/// </summary>
public sealed record ScoreRecord(string Code, string? ScoreJson, string? Error, DateTimeOffset ScoredAt, OrganizationRecord? Organization = null);

/// <summary>
/// Table <c>scores</c>: partition = <c>{campaignId}|{bucket}</c>, row = code. A score is a pure function of the stored
/// inputs, written by upsert: scoring twice (a redelivered message) leaves the same row, never a second count.
/// </summary>
public class ScoreStore
{
    private readonly TableClient _table;

    public ScoreStore(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected ScoreStore() => _table = null!;

    /// <summary>Stores scores, replacing earlier ones (live scoring: the subject usually has one already).</summary>
    public virtual Task UpsertAsync(string campaignId, int buckets, IEnumerable<ScoreRecord> scores, CancellationToken cancellationToken = default) =>
        TransactionBatches.SubmitAsync(_table, scores.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(Partitions.ForCode(campaignId, s.Code, buckets), s))), cancellationToken);

    /// <summary>
    /// Stores a bucket's scores, replacing earlier ones, inserting first: a publication's rescoring with live scoring off
    /// meets none (Azurite looks a row up once for an insert, twice for an upsert); a transaction meeting existing scores
    /// costs one refused attempt and is replaced whole (<see cref="TransactionBatches.InsertOrReplaceAsync"/>).
    /// </summary>
    public virtual Task InsertOrReplaceAsync(string campaignId, int buckets, IEnumerable<ScoreRecord> scores, CancellationToken cancellationToken = default) =>
        TransactionBatches.InsertOrReplaceAsync(_table, scores.Select(s => (ITableEntity)ToEntity(Partitions.ForCode(campaignId, s.Code, buckets), s)), parallelism: 2, cancellationToken);

    public virtual async Task<ScoreRecord?> GetAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partitions.ForCode(campaignId, code, buckets), code, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public virtual async Task<IReadOnlyList<ScoreRecord>> ListBucketAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        var pk = Partitions.ForBucket(campaignId, bucket);
        var list = new List<ScoreRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToRecord(e));
        }

        return list;
    }

    private static TableEntity ToEntity(string pk, ScoreRecord s)
    {
        var e = new TableEntity(pk, s.Code) { ["Error"] = s.Error, ["ScoredAt"] = s.ScoredAt.ToUniversalTime() };
        if (s.Organization is { } o)
        {
            e["Name"] = o.Name;
            e["ParentCode"] = o.ParentCode;
            e["Path"] = o.Path;
            e["Region"] = o.Region;
            e["County"] = o.County;
            e["Field"] = o.Field;
            e["MemberCount"] = o.MemberCount;
        }

        if (s.ScoreJson is not null)
        {
            LargeText.Write(e, "Score", s.ScoreJson);
        }

        return e;
    }

    private static ScoreRecord ToRecord(TableEntity e) => new(
        e.RowKey, LargeText.Read(e, "Score"), e.GetString("Error"), e.GetDateTimeOffset("ScoredAt") ?? DateTimeOffset.MinValue,
        e.GetString("Name") is { } name
            ? new OrganizationRecord(e.RowKey, name, e.GetString("ParentCode"), e.GetString("Path"), e.GetString("Region"), e.GetString("County"), e.GetString("Field"), e.GetInt32("MemberCount") ?? 0)
            : null);
}

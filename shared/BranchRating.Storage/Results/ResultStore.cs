using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Results;

/// <summary>
/// Table <c>results</c>, versioned: every version is written under its own partitions and only then made visible by
/// flipping the campaign's publication pointer, so readers never see half a publication.
/// Partitions: <c>{campaignId}|v{version}|{bucket}</c> (row = code), <c>{campaignId}|v{version}|rank|{scope}|{value}|{chunk}</c>
/// (row = <c>{rank:D7}|{code}</c>, so a partition query pages in rank order; a ranking is cut into chunks of
/// <see cref="ResultStoreOptions.RankingChunkRows"/> rows so that no partition grows with the province: a county of
/// 100,000 branches would otherwise be one partition, a write hot spot in Azure and O(n²) to write in Azurite),
/// <c>{campaignId}|v{version}|dist|{scope}</c>.
/// </summary>
public class ResultStore
{
    private readonly TableClient _table;
    private readonly ResultStoreOptions _options;

    public ResultStore(TableClient table, ResultStoreOptions? options = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = options ?? new ResultStoreOptions();
    }

    protected ResultStore()
    {
        _table = null!;
        _options = new ResultStoreOptions();
    }

    /// <summary>
    /// Writes every row of the version; returns how many entities were written. A version's partitions are new, so its
    /// rows are inserted (<see cref="TransactionBatches.InsertOrReplaceAsync"/>: a transaction meeting rows of an earlier
    /// attempt — a crash or a redelivery — is replaced instead, so rewriting the same version is harmless),
    /// <see cref="ResultStoreOptions.MaxParallelTransactions"/> transactions at a time, the partitions taken in turn.
    /// </summary>
    public virtual async Task<int> WriteVersionAsync(string campaignId, long version, int buckets, PublicationContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var entities = new List<ITableEntity>();
        foreach (var r in content.Results)
        {
            var e = new TableEntity(ResultPartition(campaignId, version, Partitions.Bucket(r.Code, buckets)), r.Code)
            {
                ["Name"] = r.Name, ["Region"] = r.Region, ["County"] = r.County, ["Field"] = r.Field,
                ["FinalTotal"] = (double)r.FinalTotal, ["LevelOrdinal"] = r.LevelOrdinal, ["Level"] = r.Level,
                ["Ranks"] = JsonSerializer.Serialize(r.Ranks),
            };
            LargeText.Write(e, "Result", r.ResultJson);
            entities.Add(e);
        }

        foreach (var ((scope, value), entries) in content.Rankings)
        {
            // Entries come in rank order; chunk n holds positions [n·RankingChunkRows, (n+1)·RankingChunkRows).
            entities.AddRange(entries.Select((x, i) => new TableEntity(RankingPartition(campaignId, version, scope, value, i / _options.RankingChunkRows), RankKey(x.Rank, x.Code))
            {
                ["Code"] = x.Code, ["Name"] = x.Name, ["Rank"] = x.Rank, ["FinalTotal"] = (double)x.FinalTotal, ["LevelOrdinal"] = x.LevelOrdinal, ["Level"] = x.Level,
            }));
        }

        foreach (var (scope, rows) in content.Distributions)
        {
            var pk = DistributionPartition(campaignId, version, scope);
            entities.AddRange(rows.Select(d => new TableEntity(pk, d.Value)
            {
                ["Total"] = d.Total, ["Levels"] = JsonSerializer.Serialize(d.Levels),
            }));
        }

        await TransactionBatches.InsertOrReplaceAsync(_table, entities, _options.MaxParallelTransactions, cancellationToken).ConfigureAwait(false);
        return entities.Count;
    }

    public virtual async Task<(PublishedResult Result, string Name)?> GetResultAsync(string campaignId, long version, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(ResultPartition(campaignId, version, Partitions.Bucket(code, buckets)), code, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var e = found.Value!;
        var result = new PublishedResult(
            code, e.GetString("Name"), e.GetString("Region"), e.GetString("County"), e.GetString("Field"), (decimal)(e.GetDouble("FinalTotal") ?? 0),
            e.GetInt32("LevelOrdinal") ?? 0, e.GetString("Level"), JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("Ranks") ?? "{}")!,
            LargeText.Read(e, "Result") ?? "{}");
        return (result, result.Name);
    }

    /// <summary>
    /// One page of a ranking in rank order, with the continuation token of the next page (null after the last).
    /// The ranking spans its chunk partitions in order; the token is <c>{chunk}:{the chunk's own token}</c>.
    /// A token this store did not hand out throws <see cref="FormatException"/>.
    /// </summary>
    public virtual async Task<(IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken)> GetRankingPageAsync(
        string campaignId, long version, string scope, string value, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize, 1, _options.MaxPageSize);
        var (chunk, inner) = RankingToken.Parse(continuationToken);
        var items = new List<PublishedRankingEntry>(size);
        while (items.Count < size)
        {
            var (rows, next) = await RankingChunkPageAsync(RankingPartition(campaignId, version, scope, value, chunk), size - items.Count, inner, cancellationToken).ConfigureAwait(false);
            items.AddRange(rows);
            if (next is not null)
            {
                return (items, RankingToken.Format(chunk, next));
            }

            if (rows.Count == 0 && inner is null)
            {
                return (items, null); // past the last chunk
            }

            chunk++;
            inner = null;
        }

        // The page is full at the end of a chunk: a next page exists when the next chunk has a row.
        var (probe, _) = await RankingChunkPageAsync(RankingPartition(campaignId, version, scope, value, chunk), 1, null, cancellationToken).ConfigureAwait(false);
        return (items, probe.Count > 0 ? RankingToken.Format(chunk, null) : null);
    }

    private async Task<(IReadOnlyList<PublishedRankingEntry> Rows, string? Next)> RankingChunkPageAsync(string pk, int size, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, size, cancellationToken: cancellationToken).AsPages(continuationToken, size).ConfigureAwait(false))
        {
            return (page.Values.Select(ToRankingEntry).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// One page of the ranking entries whose code or name starts with <paramref name="prefix"/>, in rank order. The filter
    /// runs in the table service over the one ranking partition; a page may hold fewer than <paramref name="pageSize"/>
    /// entries (even none) and still have a continuation token.
    /// </summary>
    public virtual async Task<(IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken)> SearchRankingPageAsync(
        string campaignId, long version, string scope, string value, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var size = Math.Clamp(pageSize, 1, _options.MaxPageSize);
        // The ranking's chunk partitions form one key range; rows come back in chunk, then rank order.
        var chunks = RankingPartitionPrefix(campaignId, version, scope, value);
        var chunksEnd = PrefixEnd(chunks);
        var end = PrefixEnd(prefix);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {chunks} and PartitionKey lt {chunksEnd} and ((Code ge {prefix} and Code lt {end}) or (Name ge {prefix} and Name lt {end}))");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, size, cancellationToken: cancellationToken).AsPages(continuationToken, size).ConfigureAwait(false))
        {
            return (page.Values.Select(ToRankingEntry).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The least string greater than every string starting with <paramref name="prefix"/>.</summary>
    private static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static PublishedRankingEntry ToRankingEntry(TableEntity e) => new(
        e.GetInt32("Rank") ?? 0, e.GetString("Code"), e.GetString("Name"), (decimal)(e.GetDouble("FinalTotal") ?? 0), e.GetInt32("LevelOrdinal") ?? 0, e.GetString("Level"));

    public virtual async Task<IReadOnlyList<PublishedDistribution>> GetDistributionAsync(string campaignId, long version, string scope, CancellationToken cancellationToken = default)
    {
        var pk = DistributionPartition(campaignId, version, scope);
        var rows = new List<PublishedDistribution>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PublishedDistribution(e.RowKey, e.GetInt32("Total") ?? 0, JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("Levels") ?? "{}")!));
        }

        return rows;
    }

    private static string Version(string campaignId, long version) => string.Create(CultureInfo.InvariantCulture, $"{campaignId}|v{version:D6}");

    private static string ResultPartition(string campaignId, long version, int bucket) => string.Create(CultureInfo.InvariantCulture, $"{Version(campaignId, version)}|{bucket:D3}");

    private static string RankingPartitionPrefix(string campaignId, long version, string scope, string value) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version(campaignId, version)}|rank|{scope}|{value}|");

    private static string RankingPartition(string campaignId, long version, string scope, string value, int chunk) =>
        string.Create(CultureInfo.InvariantCulture, $"{RankingPartitionPrefix(campaignId, version, scope, value)}{chunk:D4}");

    private static string DistributionPartition(string campaignId, long version, string scope) => $"{Version(campaignId, version)}|dist|{scope}";

    private static string RankKey(int rank, string code) => string.Create(CultureInfo.InvariantCulture, $"{rank:D7}|{code}");
}

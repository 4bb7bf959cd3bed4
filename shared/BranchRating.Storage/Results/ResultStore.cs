using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Results;

/// <summary>
/// Table <c>results</c>, versioned: every version is written under its own partitions and only then made visible by
/// flipping the campaign's publication pointer, so readers never see half a publication.
/// Partitions: <c>{campaignId}|v{version}|{bucket}</c> (row = code), <c>{campaignId}|v{version}|rank|{scope}|{value}</c>
/// (one partition per ranking, row = row index <c>{index:D6}</c>: a ranking is written once per version and read by page,
/// so its entries are packed <see cref="ResultStoreOptions.RankingEntriesPerRow"/> to a row, <see cref="RankingRows"/> —
/// a county of 100,000 branches is 1,000 rows, not 100,000 entities), <c>{campaignId}|v{version}|dist|{scope}</c>.
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
            CompressedText.Write(e, "Result", r.ResultJson);
            entities.Add(e);
        }

        foreach (var ((scope, value), entries) in content.Rankings)
        {
            // Entries come in rank order; row i holds positions [i·RankingEntriesPerRow, (i+1)·RankingEntriesPerRow).
            entities.AddRange(RankingRows.Pack(RankingPartition(campaignId, version, scope, value), entries, _options.RankingEntriesPerRow));
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

    /// <summary>
    /// Deletes every row of a version that will never be published (a version prepared ahead of the final close that the
    /// final close did not use); returns how many rows were deleted. One range query over the version's partitions
    /// (keys only), then deletes in transactions of one partition; repeating it finds only what is left.
    /// </summary>
    public virtual async Task<int> DeleteVersionAsync(string campaignId, long version, CancellationToken cancellationToken = default)
    {
        var from = Version(campaignId, version) + "|"; // every partition of the version starts with it
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {Partitions.PrefixEnd(from)}");
        var deletes = new List<TableTransactionAction>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            deletes.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.PartitionKey, e.RowKey), ETag.All));
        }

        await TransactionBatches.SubmitAsync(_table, deletes, cancellationToken).ConfigureAwait(false);
        return deletes.Count;
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
            CompressedText.Read(e, "Result") ?? "{}");
        return (result, result.Name);
    }

    /// <summary>
    /// One page of a ranking in rank order, with the continuation token of the next page (null after the last; never an
    /// empty last page). Reads only the rows covering the page, by concurrent point reads (no query: a query in Azurite
    /// scans the whole table). An empty or unknown ranking is one empty page; a token this store did not hand out (see
    /// <see cref="RankingPosition"/>) throws <see cref="FormatException"/>.
    /// </summary>
    public virtual async Task<(IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken)> GetRankingPageAsync(
        string campaignId, long version, string scope, string value, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize, 1, _options.MaxPageSize);
        var position = RankingPosition.Parse(continuationToken);
        var perRow = _options.RankingEntriesPerRow;
        var first = position / perRow;
        var last = (int)(((long)position + size - 1) / perRow);
        var rows = await ReadRankingRowsAsync(RankingPartition(campaignId, version, scope, value), first, last - first + 1, cancellationToken).ConfigureAwait(false);
        if (rows[0] is null)
        {
            return position == 0 ? ([], null) : throw RankingPosition.NotOurs();
        }

        var total = RankingRows.Total(rows[0]!);
        if (position >= total)
        {
            throw RankingPosition.NotOurs();
        }

        var items = new List<PublishedRankingEntry>(Math.Min(size, total - position));
        for (var k = 0; k < rows.Length && items.Count < size && (long)(first + k) * perRow < total; k++) // rows past the end are absent
        {
            var entries = RankingRows.Unpack(rows[k] ?? throw MissingRow(first + k, total));
            var from = Math.Max(0, position - ((first + k) * perRow));
            items.AddRange(entries.Skip(from).Take(size - items.Count));
        }

        var next = position + items.Count;
        return (items, next < total ? RankingPosition.Format(next) : null);
    }

    /// <summary>
    /// One page of the ranking entries whose code or name starts with <paramref name="prefix"/> (ordinal), in rank order.
    /// Reads the ranking's rows from the token's position onward (concurrent point reads) and filters them here, at most
    /// <see cref="ResultStoreOptions.RankingSearchRowsPerRequest"/> rows per request: a page may hold fewer than
    /// <paramref name="pageSize"/> entries (even none) and still have a continuation token. Tokens as in
    /// <see cref="GetRankingPageAsync"/>.
    /// </summary>
    public virtual async Task<(IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken)> SearchRankingPageAsync(
        string campaignId, long version, string scope, string value, string prefix, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var size = Math.Clamp(pageSize, 1, _options.MaxPageSize);
        var position = RankingPosition.Parse(continuationToken);
        var perRow = _options.RankingEntriesPerRow;
        var pk = RankingPartition(campaignId, version, scope, value);
        var items = new List<PublishedRankingEntry>();
        var row = position / perRow;
        int? total = null;
        for (var budget = Math.Max(1, _options.RankingSearchRowsPerRequest); budget > 0;)
        {
            var wave = Math.Min(budget, Math.Max(1, _options.MaxParallelReads));
            if (total is { } t)
            {
                wave = Math.Min(wave, (int)(((long)t + perRow - 1) / perRow) - row);
            }

            var rows = await ReadRankingRowsAsync(pk, row, wave, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < wave; k++)
            {
                if (rows[k] is not { } r)
                {
                    if (total is null)
                    {
                        return position == 0 ? ([], null) : throw RankingPosition.NotOurs();
                    }

                    if ((long)(row + k) * perRow >= total)
                    {
                        return (items, null); // past the end (read in the first wave, before the length was known)
                    }

                    throw MissingRow(row + k, total.Value);
                }

                if (total is null)
                {
                    total = RankingRows.Total(r);
                    if (position >= total)
                    {
                        throw RankingPosition.NotOurs();
                    }
                }

                var entries = RankingRows.Unpack(r);
                for (var j = Math.Max(0, position - ((row + k) * perRow)); j < entries.Count; j++)
                {
                    var x = entries[j];
                    if (x.Code.StartsWith(prefix, StringComparison.Ordinal) || x.Name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        items.Add(x);
                        if (items.Count == size)
                        {
                            var after = ((row + k) * perRow) + j + 1;
                            return (items, after < total ? RankingPosition.Format(after) : null);
                        }
                    }
                }
            }

            budget -= wave;
            row += wave;
            if ((long)row * perRow >= total)
            {
                return (items, null);
            }
        }

        return (items, RankingPosition.Format(row * perRow));
    }

    /// <summary>Rows <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 of a ranking, null where absent.</summary>
    private async Task<TableEntity?[]> ReadRankingRowsAsync(string partitionKey, int first, int count, CancellationToken cancellationToken)
    {
        var rows = new TableEntity?[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelReads), CancellationToken = cancellationToken },
            async (k, ct) =>
            {
                var found = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RankingRows.RowKey(first + k), cancellationToken: ct).ConfigureAwait(false);
                rows[k] = found.HasValue ? found.Value : null;
            }).ConfigureAwait(false);
        return rows;
    }

    private static InvalidOperationException MissingRow(int index, int total) =>
        new($"Ranking row {index} is missing although the ranking holds {total} entries: the version was not written completely.");

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

    private static string RankingPartition(string campaignId, long version, string scope, string value) => $"{Version(campaignId, version)}|rank|{scope}|{value}";

    private static string DistributionPartition(string campaignId, long version, string scope) => $"{Version(campaignId, version)}|dist|{scope}";
}

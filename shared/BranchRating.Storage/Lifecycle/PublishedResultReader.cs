using System.Globalization;
using Azure.Data.Tables;

namespace BranchRating.Storage.Lifecycle;

/// <summary>One organization's published level, as the lifecycle needs it (notice, objections, ledger).</summary>
public sealed record PublishedLevel(string Code, string Name, string Region, string County, string Field, decimal FinalTotal, int LevelOrdinal, string Level, string ResultJson);

/// <summary>
/// Reads every result of a published version, bucket by bucket, from table <c>results</c> (partition
/// <c>{campaignId}|v{version:D6}|{bucket:D3}</c>, the layout ResultStore writes).
/// </summary>
public sealed class PublishedResultReader(TableClient table)
{
    public async Task<IReadOnlyList<PublishedLevel>> ListAsync(string campaignId, long version, int buckets, CancellationToken cancellationToken = default)
    {
        var list = new List<PublishedLevel>();
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var pk = string.Create(CultureInfo.InvariantCulture, $"{campaignId}|v{version:D6}|{bucket:D3}");
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                list.Add(ToLevel(e));
            }
        }

        return list.OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>One organization's result by a point read (its bucket from the code), or null.</summary>
    public async Task<PublishedLevel?> GetAsync(string campaignId, long version, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var pk = string.Create(CultureInfo.InvariantCulture, $"{campaignId}|v{version:D6}|{BranchRating.Storage.Tables.Partitions.Bucket(code, buckets):D3}");
        var found = await table.GetEntityIfExistsAsync<TableEntity>(pk, code, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToLevel(found.Value!) : null;
    }

    private static PublishedLevel ToLevel(TableEntity e) => new(e.RowKey, e.GetString("Name"), e.GetString("Region"), e.GetString("County"), e.GetString("Field"),
        (decimal)(e.GetDouble("FinalTotal") ?? 0), e.GetInt32("LevelOrdinal") ?? 0, e.GetString("Level"), BranchRating.Storage.Tables.CompressedText.Read(e, "Result") ?? "{}");
}

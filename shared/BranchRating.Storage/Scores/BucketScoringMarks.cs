using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Scores;

/// <summary>
/// What a bucket's stored scores are current as of: <see cref="Watermark"/> is the storage timestamp of the mark
/// written before the bucket's inputs were read, so every input stored later carries a later timestamp (less a clock
/// skew allowance). Scores computed under another rating date or scheme are not current (<see cref="Matches"/>).
/// <see cref="RescoreId"/> is new each time scores of the bucket are replaced one by one after its scoring, and
/// <see cref="ETag"/> changes with every write: together they say whether the bucket's scores changed since it was read.
/// </summary>
public sealed record BucketScoringMark(string State, DateTimeOffset Watermark, DateOnly? AsOf, string? Scheme, ETag ETag = default, string? RescoreId = null)
{
    public const string Scoring = "scoring";
    public const string Scored = "scored";
    public const string Stale = "stale";

    /// <summary>True when the bucket was scored completely under this rating date and scheme.</summary>
    public bool Matches(DateOnly? asOf, string scheme) => State == Scored && AsOf == asOf && Scheme == scheme;
}

/// <summary>A started scoring of one bucket: the watermark and the ETag its completion is conditional on.</summary>
public sealed record BucketScoringStart(int Bucket, DateTimeOffset Watermark, ETag ETag);

/// <summary>
/// Table <c>scores</c>, partition <c>{campaignId}|marks</c>, row = bucket: one mark per bucket saying up to when its scores
/// reflect the stored inputs. A scoring writes <see cref="BucketScoringMark.Scoring"/> before it reads, and
/// <see cref="BucketScoringMark.Scored"/> after its scores are written, conditional on the ETag of its own start (or
/// <see cref="BucketScoringMark.Stale"/> when inputs could still arrive after its reading); two
/// scorings of one bucket overlapping leave <see cref="BucketScoringMark.Stale"/> (the next publication rescores the bucket
/// whole), because rows of the older reading may have replaced rows of the newer one.
/// </summary>
public class BucketScoringMarks
{
    private readonly TableClient _table;

    public BucketScoringMarks(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected BucketScoringMarks() => _table = null!;

    public static string Partition(string campaignId) => campaignId + "|marks";

    public virtual async Task<BucketScoringStart> StartAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        var rowKey = RowKey(bucket);
        await _table.UpsertEntityAsync(new TableEntity(Partition(campaignId), rowKey) { ["State"] = BucketScoringMark.Scoring }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        // Read back for the storage's own timestamp: the watermark comes from the clock that stamps the inputs.
        var written = (await _table.GetEntityAsync<TableEntity>(Partition(campaignId), rowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        return new BucketScoringStart(bucket, written.Timestamp!.Value, written.ETag);
    }

    /// <summary>Marks the bucket scored as of its start; false (and the mark stale) when another scoring started meanwhile.</summary>
    public virtual async Task<bool> CompleteAsync(string campaignId, BucketScoringStart start, DateOnly? asOf, string scheme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var mark = new TableEntity(Partition(campaignId), RowKey(start.Bucket))
        {
            ["State"] = BucketScoringMark.Scored,
            ["Watermark"] = start.Watermark,
            ["AsOf"] = asOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Scheme"] = scheme,
        };
        try
        {
            await _table.UpdateEntityAsync(mark, start.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            await MarkStaleAsync(campaignId, start.Bucket, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Marks the bucket's scores as of no known instant: written by a scoring whose reading may have missed inputs still to
    /// come (some input step was open when it was asked for), or overlapping another; the next publication scores it whole.
    /// </summary>
    public virtual Task MarkStaleAsync(string campaignId, int bucket, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(new TableEntity(Partition(campaignId), RowKey(bucket)) { ["State"] = BucketScoringMark.Stale }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Records that scores of the bucket were replaced one by one since its scoring (a publication's incremental
    /// rescoring): the mark keeps its watermark and state but gets a new ETag, so whatever was computed from the
    /// bucket's scores before (a prepared publication) is known to be out of date, and a scoring running meanwhile
    /// completes stale.
    /// </summary>
    public virtual Task RecordRescoreAsync(string campaignId, int bucket, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(new TableEntity(Partition(campaignId), RowKey(bucket)) { ["RescoreId"] = Guid.NewGuid().ToString("N") }, TableUpdateMode.Merge, cancellationToken);

    public virtual async Task<BucketScoringMark?> GetAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(campaignId), RowKey(bucket), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToMark(found.Value!) : null;
    }

    /// <summary>Every bucket's mark (one partition query), by bucket; buckets never scored are absent.</summary>
    public virtual async Task<IReadOnlyDictionary<int, BucketScoringMark>> ListAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var marks = new Dictionary<int, BucketScoringMark>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition(campaignId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            marks[int.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture)] = ToMark(e);
        }

        return marks;
    }

    private static BucketScoringMark ToMark(TableEntity e) => new(
        e.GetString("State") ?? BucketScoringMark.Stale,
        e.GetDateTimeOffset("Watermark") ?? DateTimeOffset.MinValue,
        e.GetString("AsOf") is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        e.GetString("Scheme"),
        e.ETag,
        e.GetString("RescoreId"));

    private static string RowKey(int bucket) => bucket.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}

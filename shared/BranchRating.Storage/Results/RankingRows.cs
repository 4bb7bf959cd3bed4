using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Results;

/// <summary>
/// A ranking packed into rows: row <c>{index:D6}</c> of the ranking's partition holds the entries at positions
/// [index·P, (index+1)·P) in rank order as compact JSON (<c>[[rank,"code","name",finalTotal,levelOrdinal,"level"],…]</c>,
/// stored through <see cref="LargeText"/> so long names never exceed a property's limit), their count (<c>Count</c>) and
/// the ranking's length (<c>Total</c>, so a reader of any row knows where the ranking ends).
/// </summary>
public static class RankingRows
{
    private const string EntriesProperty = "Entries";
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string RowKey(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The rows of one ranking (entries in rank order), <paramref name="entriesPerRow"/> entries each.</summary>
    public static IEnumerable<TableEntity> Pack(string partitionKey, IReadOnlyList<PublishedRankingEntry> entries, int entriesPerRow)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(entriesPerRow, 1);
        for (var start = 0; start < entries.Count; start += entriesPerRow)
        {
            var count = Math.Min(entriesPerRow, entries.Count - start);
            var e = new TableEntity(partitionKey, RowKey(start / entriesPerRow)) { ["Count"] = count, ["Total"] = entries.Count };
            LargeText.Write(e, EntriesProperty, Serialize(entries, start, count));
            yield return e;
        }
    }

    /// <summary>The ranking's length as recorded in one of its rows.</summary>
    public static int Total(TableEntity row) => row?.GetInt32("Total") ?? throw new InvalidOperationException($"Ranking row {row?.PartitionKey}/{row?.RowKey} has no Total.");

    /// <summary>The entries of one row, in rank order.</summary>
    public static IReadOnlyList<PublishedRankingEntry> Unpack(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var json = LargeText.Read(row, EntriesProperty) ?? throw new InvalidOperationException($"Ranking row {row.PartitionKey}/{row.RowKey} has no entries.");
        using var document = JsonDocument.Parse(json);
        var entries = new List<PublishedRankingEntry>(document.RootElement.GetArrayLength());
        foreach (var x in document.RootElement.EnumerateArray())
        {
            entries.Add(new PublishedRankingEntry(x[0].GetInt32(), x[1].GetString()!, x[2].GetString()!, x[3].GetDecimal(), x[4].GetInt32(), x[5].GetString()!));
        }

        if (entries.Count != row.GetInt32("Count"))
        {
            throw new InvalidOperationException($"Ranking row {row.PartitionKey}/{row.RowKey} holds {entries.Count} entries, not its Count {row.GetInt32("Count")}.");
        }

        return entries;
    }

    private static string Serialize(IReadOnlyList<PublishedRankingEntry> entries, int start, int count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            w.WriteStartArray();
            for (var i = start; i < start + count; i++)
            {
                var x = entries[i];
                w.WriteStartArray();
                w.WriteNumberValue(x.Rank);
                w.WriteStringValue(x.Code);
                w.WriteStringValue(x.Name);
                w.WriteNumberValue(x.FinalTotal);
                w.WriteNumberValue(x.LevelOrdinal);
                w.WriteStringValue(x.Level);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

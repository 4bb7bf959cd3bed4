using System.Globalization;
using System.Text.Json;
using BranchRating.Security.Input;

namespace BranchRating.Security.Audit;

/// <summary>Exports a chain as JSON lines (exact, re-verifiable) or CSV (for spreadsheets; formula injection neutralized).</summary>
public static class AuditExport
{
    private static readonly string[] Columns = ["sequence", "at", "who", "role", "step", "entity", "before", "after", "reason", "previousHash", "hash"];

    public static async Task<long> WriteJsonLinesAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        long count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var line = JsonSerializer.Serialize(new
            {
                chain = record.Chain,
                sequence = record.Sequence,
                at = record.At,
                who = record.Entry.Who,
                role = record.Entry.Role,
                step = record.Entry.Step,
                entity = record.Entry.Entity,
                before = record.Entry.BeforeJson,
                after = record.Entry.AfterJson,
                reason = record.Entry.Reason,
                previousHash = record.PreviousHash,
                hash = record.Hash,
            });
            await writer.WriteAsync(line.AsMemory(), cancellationToken);
            await writer.WriteAsync("\n".AsMemory(), cancellationToken);
            count++;
        }

        return count;
    }

    public static async Task<long> WriteCsvAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        await SpreadsheetText.WriteCsvRowAsync(writer, Columns, cancellationToken);
        long count = 0;
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
            await SpreadsheetText.WriteCsvRowAsync(writer,
            [
                r.Sequence.ToString(CultureInfo.InvariantCulture), r.At, r.Entry.Who, r.Entry.Role, r.Entry.Step, r.Entry.Entity,
                r.Entry.BeforeJson, r.Entry.AfterJson, r.Entry.Reason, r.PreviousHash, r.Hash,
            ], cancellationToken);
            count++;
        }

        return count;
    }
}

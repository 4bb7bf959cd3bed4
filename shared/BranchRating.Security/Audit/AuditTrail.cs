using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using NodaTime;
using NodaTime.Text;

namespace BranchRating.Security.Audit;

/// <summary>
/// The append-only, hash-chained audit trail in Table Storage. One partition per chain (a campaign, or
/// <c>system</c>); rows <c>r0000000000000000001</c>… hold records, row <c>head</c> the last sequence and hash.
/// An append writes the next record and moves the head in one entity-group transaction, conditional on the head's
/// ETag (and on the record's row key being new), so appends from several processes never fork the chain: the
/// loser re-reads the head and retries.
/// </summary>
public sealed partial class AuditTrail
{
    internal const string HeadRowKey = "head";
    private const string RecordPrefix = "r";

    private readonly TableClient _table;
    private readonly AuditTrailOptions _options;
    private readonly IClock _clock;

    public AuditTrail(TableClient table, AuditTrailOptions? options = null, IClock? clock = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = options ?? new AuditTrailOptions();
        _clock = clock ?? SystemClock.Instance;
    }

    public async Task<AuditRecord> AppendAsync(string chain, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        CheckChain(chain);
        Validate(entry);
        for (var attempt = 1; ; attempt++)
        {
            var head = await _table.GetEntityIfExistsAsync<TableEntity>(chain, HeadRowKey, cancellationToken: cancellationToken);
            var sequence = head.HasValue ? head.Value!.GetInt64("Sequence")!.Value + 1 : 1;
            var previous = head.HasValue ? head.Value!.GetString("Hash") : AuditHashing.Genesis(chain);
            var at = InstantPattern.ExtendedIso.Format(_clock.GetCurrentInstant());
            var record = new AuditRecord(chain, sequence, at, entry, previous,
                AuditHashing.Hash(previous, AuditHashing.CanonicalContent(chain, sequence, at, entry)));

            var newHead = new TableEntity(chain, HeadRowKey) { ["Sequence"] = sequence, ["Hash"] = record.Hash };
            var headAction = head.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, newHead);
            try
            {
                await _table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, ToEntity(record)), headAction], cancellationToken);
                return record;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < _options.MaxAppendAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), cancellationToken);
            }
        }
    }

    /// <summary>Every record of a chain in sequence order, as stored (not verified: see <see cref="VerifyAsync"/>).</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(string chain, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckChain(chain);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {chain} and RowKey ge {RecordPrefix} and RowKey lt {"s"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(row);
        }
    }

    /// <summary>
    /// The chain's head as stored now: the last record's sequence and hash (sequence 0 and the genesis hash when the chain
    /// is empty). Published with each result version as its anchor (see <see cref="VerifyAsync(string, IReadOnlyCollection{AuditAnchor}, CancellationToken)"/>).
    /// </summary>
    public async Task<AuditAnchor> HeadAsync(string chain, CancellationToken cancellationToken = default)
    {
        CheckChain(chain);
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(chain, HeadRowKey, cancellationToken: cancellationToken);
        return head.HasValue
            ? new AuditAnchor(head.Value!.GetInt64("Sequence") ?? 0, head.Value.GetString("Hash") ?? AuditHashing.Genesis(chain), "head")
            : new AuditAnchor(0, AuditHashing.Genesis(chain), "head");
    }

    /// <summary>Walks the chain and names the first record that was edited, removed or relinked.</summary>
    public Task<AuditVerification> VerifyAsync(string chain, CancellationToken cancellationToken = default) =>
        VerifyAsync(chain, [], cancellationToken);

    /// <summary>
    /// Walks the chain as <see cref="VerifyAsync(string, CancellationToken)"/> does and also compares it with heads
    /// published earlier (<paramref name="anchors"/>): a chain recomputed from an edited record onwards verifies on its
    /// own, but no longer has the anchored hash at the anchored sequence (<see cref="AuditProblemKind.AnchorMismatch"/>).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(string chain, IReadOnlyCollection<AuditAnchor> anchors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        CheckChain(chain);
        var anchored = anchors.ToLookup(a => a.Sequence);
        if (anchored[0].FirstOrDefault(a => !string.Equals(a.Hash, AuditHashing.Genesis(chain), StringComparison.Ordinal)) is { } genesis)
        {
            return AuditVerification.Broken(0, new AuditProblem(0, AuditProblemKind.AnchorMismatch,
                $"{genesis.Label} anchored an empty chain whose hash is not this chain's genesis hash"));
        }

        var head = await _table.GetEntityIfExistsAsync<TableEntity>(chain, HeadRowKey, cancellationToken: cancellationToken);
        var expected = 1L;
        var previous = AuditHashing.Genesis(chain);
        await foreach (var record in ReadAsync(chain, cancellationToken))
        {
            if (record.Sequence != expected)
            {
                return AuditVerification.Broken(expected - 1, new AuditProblem(expected, AuditProblemKind.Removed,
                    record.Sequence > expected
                        ? $"record {expected} is missing (the next stored record is {record.Sequence})"
                        : $"record {record.Sequence} is stored where record {expected} belongs"));
            }

            if (!string.Equals(record.PreviousHash, previous, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(expected - 1, new AuditProblem(expected - 1, AuditProblemKind.Rewritten,
                    $"record {expected} was chained to a previous hash that record {expected - 1} no longer has: record {expected - 1} was rewritten and re-hashed, or record {expected} relinked"));
            }

            if (!string.Equals(AuditHashing.Hash(record), record.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(expected - 1, new AuditProblem(expected, AuditProblemKind.Edited,
                    $"record {expected}'s content does not match its hash: it was edited after it was written"));
            }

            if (anchored[record.Sequence].FirstOrDefault(a => !string.Equals(a.Hash, record.Hash, StringComparison.Ordinal)) is { } anchor)
            {
                return AuditVerification.Broken(expected - 1, new AuditProblem(expected, AuditProblemKind.AnchorMismatch,
                    $"record {expected}'s hash is not the one {anchor.Label} anchored: the chain up to it was rewritten and recomputed after that publication"));
            }

            previous = record.Hash;
            expected++;
        }

        var last = expected - 1;
        if (anchors.Where(a => a.Sequence > last).OrderBy(a => a.Sequence).FirstOrDefault() is { } beyond)
        {
            return AuditVerification.Broken(last, new AuditProblem(last + 1, AuditProblemKind.Removed,
                $"{beyond.Label} anchored record {beyond.Sequence}, but the chain ends at record {last}: records were removed from its end"));
        }
        if (!head.HasValue)
        {
            return last == 0
                ? AuditVerification.Intact(0, previous)
                : AuditVerification.Broken(last, new AuditProblem(last + 1, AuditProblemKind.Removed, "the chain head is missing"));
        }

        var headSequence = head.Value!.GetInt64("Sequence") ?? 0;
        if (headSequence > last)
        {
            return AuditVerification.Broken(last, new AuditProblem(last + 1, AuditProblemKind.Removed,
                $"records {last + 1} to {headSequence} are missing from the end of the chain"));
        }

        if (headSequence < last || !string.Equals(head.Value.GetString("Hash"), previous, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(last, new AuditProblem(headSequence, AuditProblemKind.Rewritten,
                $"the chain head (record {headSequence}) does not match the last record {last}"));
        }

        return AuditVerification.Intact(last, previous);
    }

    private void Validate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Require(entry.Who, nameof(entry.Who), 256);
        Require(entry.Role, nameof(entry.Role), 256);
        Require(entry.Step, nameof(entry.Step), 128);
        Require(entry.Entity, nameof(entry.Entity), 512);
        Require(entry.Reason, nameof(entry.Reason), _options.MaxReasonLength);
        if (entry.BeforeJson?.Length > _options.MaxStateLength || entry.AfterJson?.Length > _options.MaxStateLength)
        {
            throw new ArgumentException($"entry.BeforeJson/AfterJson: at most {_options.MaxStateLength} characters (Audit:MaxStateLength).", nameof(entry));
        }

        static void Require(string value, string name, int max)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > max)
            {
                throw new ArgumentException($"entry.{name}: required, at most {max} characters.", nameof(entry));
            }
        }
    }

    /// <summary>Whether <paramref name="chain"/> is a well-formed chain name (1-64 letters, digits, '-' or '_').</summary>
    public static bool IsValidChain(string? chain) => chain is not null && ChainPattern().IsMatch(chain);

    private static void CheckChain(string chain)
    {
        if (!IsValidChain(chain))
        {
            throw new ArgumentException("chain: 1-64 letters, digits, '-' or '_' (usually the campaign id).", nameof(chain));
        }
    }

    private static TableEntity ToEntity(AuditRecord r) => new(r.Chain, RecordPrefix + r.Sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture))
    {
        ["Sequence"] = r.Sequence,
        ["At"] = r.At,
        ["Who"] = r.Entry.Who,
        ["Role"] = r.Entry.Role,
        ["Step"] = r.Entry.Step,
        ["Entity"] = r.Entry.Entity,
        ["Before"] = r.Entry.BeforeJson,
        ["After"] = r.Entry.AfterJson,
        ["Reason"] = r.Entry.Reason,
        ["PreviousHash"] = r.PreviousHash,
        ["Hash"] = r.Hash,
    };

    private static AuditRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        long.TryParse(e.RowKey.AsSpan(RecordPrefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : -1,
        e.GetString("At") ?? "",
        new AuditEntry(e.GetString("Who") ?? "", e.GetString("Role") ?? "", e.GetString("Step") ?? "", e.GetString("Entity") ?? "",
            e.GetString("Before"), e.GetString("After"), e.GetString("Reason") ?? ""),
        e.GetString("PreviousHash") ?? "",
        e.GetString("Hash") ?? "");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ChainPattern();
}

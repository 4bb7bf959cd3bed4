using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Submissions;

/// <summary>
/// Table <c>ballots</c>: partition = <c>{campaignId}|{bucket}|{code}</c> (<see cref="SubjectPartition"/>); rows <c>{code}|tok|{hash}</c> (issued token, stored
/// hashed), <c>{code}|used|{hash}</c> (inserted when the token is spent: a second use fails the insert),
/// <c>{code}|ballots|{random id}</c> (the ballots of one request, without their tokens, in random order; property
/// <c>Kind</c> = <see cref="BallotKind"/>) and <c>{code}|idem|{key}</c>.
/// Casting reads nothing: its transaction inserts each spent marker (fails 409 when the token was already used) and the
/// ballots row; a signed token (<see cref="BallotTokens"/>) is checked by its signature before, and for a campaign without
/// a ballot key the transaction also merges into each token row (fails 404 when the token was never issued).
/// </summary>
public class BallotStore
{
    private readonly TableClient _table;

    public BallotStore(TableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    protected BallotStore() => _table = null!;

    /// <summary>
    /// One partition per organization, <c>{campaignId}|{bucket}|{code}</c>: a cast's transaction (token checks, spent
    /// markers, ballots row, idempotency row) stays in its organization's partition, whose size does not grow with the
    /// campaign (Azurite finds a row by scanning its partition, so bucket-wide partitions made each cast O(campaign));
    /// a bucket's ballots are still one key range (<see cref="ListBucketAsync"/>).
    /// </summary>
    public static string SubjectPartition(string campaignId, string code, int buckets) => Partitions.ForCode(campaignId, code, buckets) + "|" + code;

    /// <summary>The salted SHA-256 of a token as stored; the token itself is never stored.</summary>
    public static string HashToken(string campaignId, string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(campaignId + "\n" + token)));

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    public virtual Task IssueTokensAsync(string campaignId, int buckets, string code, IEnumerable<string> tokenHashes, CancellationToken cancellationToken = default)
    {
        var pk = SubjectPartition(campaignId, code, buckets);
        return TransactionBatches.SubmitAsync(_table, tokenHashes.Select(h => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(pk, $"{code}|tok|{h}"))), cancellationToken);
    }

    /// <summary>Hashes of the organization's issued tokens and of those already spent.</summary>
    public virtual async Task<(IReadOnlySet<string> Issued, IReadOnlySet<string> Used)> GetTokensAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var pk = SubjectPartition(campaignId, code, buckets);
        return (await KeysAsync(pk, $"{code}|tok|", cancellationToken).ConfigureAwait(false), await KeysAsync(pk, $"{code}|used|", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Property <c>Kind</c> of a ballot row, so that a bucket's ballots are read without its token rows.</summary>
    public const string BallotKind = "ballots";

    /// <summary>Transaction actions per ballot: token check (unless the caller verified the token's signature), spent marker (the ballots themselves share one row).</summary>
    public static int ActionsPerBallot(bool tokensVerified) => tokensVerified ? 1 : 2;

    /// <summary>
    /// Casts ballots in one transaction with the idempotency row: per ballot a merge into the issued token (404 when
    /// not issued) and the spent-marker insert (409 when already used); then one row holding the request's ballots
    /// (without tokens, in random order). Any failure stores nothing; <see cref="TokenRefusal"/> tells which ballot
    /// failed and why. One row per request, not per ballot: a 33-ballot request is 68 actions, and a bucket's ballots
    /// are read in a tenth of the rows. With <paramref name="tokensVerified"/> (signed tokens, <see cref="BallotTokens"/>, checked
    /// by the caller) the merges are left out: n + 2 inserts, no stored row changed (Azurite runs each action of a
    /// transaction as a request of its own, and an update walks the table's indexes).
    /// </summary>
    public virtual Task<IdempotentOutcome> CastAsync(
        string campaignId, int buckets, string code, IReadOnlyList<BallotToCast> ballots, string? idempotencyKey, StoredResponse response,
        bool tokensVerified = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var pk = SubjectPartition(campaignId, code, buckets);
        var actions = new List<TableTransactionAction>();
        foreach (var b in ballots)
        {
            if (!tokensVerified) actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, $"{code}|tok|{b.TokenHash}"), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, $"{code}|used|{b.TokenHash}")));
        }

        var stored = ballots.Select(b => new StoredBallot(b.Ballot, b.Choice, string.Join(',', b.ApprovedStars))).OrderBy(_ => Random.Shared.Next()).ToList();
        actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, $"{code}|ballots|{Guid.NewGuid():N}")
        {
            ["Kind"] = BallotKind,
            ["Count"] = stored.Count,
            ["Ballots"] = JsonSerializer.Serialize(stored, StoredBallotJson.Default.ListStoredBallot),
        }));

        return IdempotentTransaction.SubmitAsync(_table, pk, code, idempotencyKey, actions, response, cancellationToken);
    }

    /// <summary>
    /// Which ballot of a failed cast was refused (by its index) and whether its token was never issued or already used.
    /// An index at or past the number of ballots cast means the ballot row or the idempotency row failed, not a token.
    /// </summary>
    public static (int Ballot, bool NotIssued)? TokenRefusal(TableTransactionFailedException failure, bool tokensVerified = false) =>
        failure.FailedTransactionActionIndex is { } index
            ? (index / ActionsPerBallot(tokensVerified), !tokensVerified && index % ActionsPerBallot(tokensVerified) == 0)
            : null;

    public virtual Task<StoredResponse?> FindResponseAsync(string campaignId, int buckets, string code, string idempotencyKey, CancellationToken cancellationToken = default) =>
        IdempotentTransaction.FindAsync(_table, SubjectPartition(campaignId, code, buckets), code, idempotencyKey, cancellationToken);

    public virtual async Task<IReadOnlyList<BallotRecord>> ListSubjectAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken = default)
    {
        var pk = SubjectPartition(campaignId, code, buckets);
        var from = $"{code}|ballots|";
        var list = new List<BallotRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(from)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.AddRange(ToRecords(code, e));
        }

        return list;
    }

    /// <summary>Every ballot of one bucket partition, by organization code.</summary>
    public virtual async Task<ILookup<string, BallotRecord>> ListBucketAsync(string campaignId, int bucket, CancellationToken cancellationToken = default)
    {
        // The bucket's organization partitions are one key range; only the ballot rows come back (not the tokens, spent
        // markers and idempotency rows).
        var from = Partitions.ForBucket(campaignId, bucket) + "|";
        var list = new List<BallotRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {Partitions.PrefixEnd(from)} and Kind eq {BallotKind}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Ballots"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.AddRange(ToRecords(e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)], e));
        }

        return list.ToLookup(b => b.Code, StringComparer.Ordinal);
    }

    private static IEnumerable<BallotRecord> ToRecords(string code, TableEntity e) =>
        (JsonSerializer.Deserialize(e.GetString("Ballots") ?? "[]", StoredBallotJson.Default.ListStoredBallot) ?? [])
            .Select(b => new BallotRecord(code, b.Ballot, b.Choice, (b.Stars ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)));

    private async Task<IReadOnlySet<string>> KeysAsync(string pk, string prefix, CancellationToken cancellationToken)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(prefix)) < 0, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            set.Add(e.RowKey[prefix.Length..]);
        }

        return set;
    }
}

/// <summary>One ballot inside a ballots row (short names: a row holds up to 33).</summary>
public sealed record StoredBallot(
    [property: JsonPropertyName("b")] string? Ballot,
    [property: JsonPropertyName("c")] string? Choice,
    [property: JsonPropertyName("s")] string? Stars);

[JsonSerializable(typeof(List<StoredBallot>))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class StoredBallotJson : JsonSerializerContext;

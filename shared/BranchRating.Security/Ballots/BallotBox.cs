using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using NodaTime;
using NodaTime.Text;

namespace BranchRating.Security.Ballots;

/// <summary>
/// The ballot boxes in Table Storage. One partition per box (campaign | step | organization) holds:
/// <list type="bullet">
/// <item><c>issuance</c>: how many tokens of each group were issued;</item>
/// <item><c>t-&lt;hmac&gt;</c>: one row per unused token, keyed by its HMAC only (the token itself is never stored);</item>
/// <item><c>b-&lt;random&gt;</c>: one row per cast ballot: group, canonical content, calendar day — no token, no voter, no time of day.</item>
/// </list>
/// Casting deletes the token row (If-Match its ETag) and inserts the ballot row in one entity-group transaction:
/// both happen or neither, so a token is accepted at most once, no accepted ballot is lost, and issued = cast + unused
/// exactly. Since the token row is gone, no stored record remains whose time could be matched to the ballot's.
/// </summary>
public sealed class BallotBox
{
    internal const string IssuanceRowKey = "issuance";
    internal const string TokenPrefix = "t-";
    internal const string BallotPrefix = "b-";
    private const int TransactionLimit = 100;

    private readonly TableClient _table;
    private readonly BallotTokenHasher _hasher;
    private readonly BallotTokenCodec _codec;
    private readonly BallotBoxOptions _options;
    private readonly IClock _clock;
    private readonly DateTimeZone _zone;

    public BallotBox(TableClient table, BallotTokenHasher hasher, BallotBoxOptions? options = null, IClock? clock = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _options = options ?? new BallotBoxOptions();
        _codec = new BallotTokenCodec(_options.RandomSymbols);
        _clock = clock ?? SystemClock.Instance;
        _zone = DateTimeZoneProviders.Tzdb[_options.TimeZone];
    }

    /// <summary>
    /// Issues tokens for one box in the counts the rules require (computed by the caller from the member count,
    /// non-member representatives and sampled households). A box is issued once; a second call is refused.
    /// </summary>
    public async Task<IssuedBallotTokens> IssueAsync(BallotBoxKey box, IReadOnlyDictionary<BallotGroup, int> counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (group, count) in counts)
        {
            if (!Enum.IsDefined(group) || count < 0)
            {
                throw new ArgumentException($"counts.{group}: a token count is a known group with a count of zero or more.", nameof(counts));
            }
        }

        var total = counts.Values.Sum();
        if (total == 0 || total > _options.MaxTokensPerBox)
        {
            throw new ArgumentException($"counts: a ballot box is issued 1 to {_options.MaxTokensPerBox} tokens (Ballots:MaxTokensPerBox), not {total}.", nameof(counts));
        }

        var issuance = new TableEntity(box.PartitionKey, IssuanceRowKey) { ["State"] = "issuing" };
        foreach (var group in Enum.GetValues<BallotGroup>())
        {
            issuance["Issued" + group] = counts.TryGetValue(group, out var n) ? n : 0;
        }

        try
        {
            await _table.AddEntityAsync(issuance, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new InvalidOperationException($"Ballot tokens for {box.PartitionKey} were already issued; a box is issued once.", e);
        }

        var tokens = new List<IssuedBallotToken>(total);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, count) in counts.OrderBy(c => c.Key))
        {
            while (tokens.Count(t => t.Group == group) < count)
            {
                var token = _codec.Generate();
                if (hashes.Add(_hasher.Hash(box, _codec.Normalize(token)!)))
                {
                    tokens.Add(new IssuedBallotToken(group, token));
                }
            }
        }

        var rows = tokens.Select(t => new TableEntity(box.PartitionKey, TokenPrefix + _hasher.Hash(box, _codec.Normalize(t.Token)!))
        {
            ["Group"] = t.Group.ToString(),
        }).ToList();
        foreach (var chunk in rows.Chunk(TransactionLimit))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
        }

        issuance["State"] = "issued";
        await _table.UpdateEntityAsync(issuance, ETag.All, TableUpdateMode.Replace, cancellationToken);
        return new IssuedBallotTokens(box, tokens);
    }

    /// <summary>Accepts <paramref name="content"/> if <paramref name="token"/> is an unused token of this box; each token once.</summary>
    public async Task<BallotCastResult> CastAsync(BallotBoxKey box, string token, BallotContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(content);
        var canonical = _codec.Normalize(token);
        if (canonical is null)
        {
            return BallotCastResult.Refuse("token: not a ballot token (mistyped or incomplete; check the printed list).");
        }

        var tokenRowKey = TokenPrefix + _hasher.Hash(box, canonical);
        var tokenRow = await _table.GetEntityIfExistsAsync<TableEntity>(box.PartitionKey, tokenRowKey, cancellationToken: cancellationToken);
        if (!tokenRow.HasValue || tokenRow.Value is null)
        {
            return BallotCastResult.Refuse(UnknownOrUsed);
        }

        var group = Enum.Parse<BallotGroup>(tokenRow.Value.GetString("Group"));
        var ballot = new TableEntity(box.PartitionKey, BallotPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))
        {
            ["Group"] = group.ToString(),
            ["Content"] = content.ToCanonicalJson(),
            ["Day"] = LocalDatePattern.Iso.Format(_clock.GetCurrentInstant().InZone(_zone).Date),
        };
        try
        {
            await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(box.PartitionKey, tokenRowKey), tokenRow.Value.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, ballot),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return BallotCastResult.Refuse(UnknownOrUsed);
        }

        return BallotCastResult.Accept(group);
    }

    /// <summary>Issued, cast and unused counts of a box, from its rows.</summary>
    public async Task<BallotParticipation> ParticipationAsync(BallotBoxKey box, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(box);
        var issued = new Dictionary<BallotGroup, int>();
        var cast = new Dictionary<BallotGroup, int>();
        var unused = new Dictionary<BallotGroup, int>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == box.PartitionKey, cancellationToken: cancellationToken))
        {
            if (row.RowKey == IssuanceRowKey)
            {
                foreach (var group in Enum.GetValues<BallotGroup>())
                {
                    issued[group] = row.GetInt32("Issued" + group) ?? 0;
                }
            }
            else
            {
                var counts = row.RowKey.StartsWith(BallotPrefix, StringComparison.Ordinal) ? cast : unused;
                var group = Enum.Parse<BallotGroup>(row.GetString("Group"));
                counts[group] = BallotParticipation.Get(counts, group) + 1;
            }
        }

        return new BallotParticipation(issued, cast, unused);
    }

    /// <summary>Every ballot of a box, as stored (for the recount, the digest and the reviewer's export).</summary>
    public async IAsyncEnumerable<StoredBallot> ReadBallotsAsync(BallotBoxKey box, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(box);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {box.PartitionKey} and RowKey ge {BallotPrefix} and RowKey lt {"b."}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new StoredBallot(row.RowKey[BallotPrefix.Length..], Enum.Parse<BallotGroup>(row.GetString("Group")), row.GetString("Content"), row.GetString("Day"));
        }
    }

    private const string UnknownOrUsed = "token: unknown for this ballot box or already used; each token is accepted once.";
}

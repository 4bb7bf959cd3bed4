using Azure.Data.Tables;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>The ballots of one request share one row; tokens are checked and spent in the same transaction.</summary>
public sealed class BallotStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly StoredResponse Accepted = new(202, "{}", "hash");

    [Fact]
    public async Task A_request_of_ballots_is_one_row_read_back_as_each_ballot_and_bucket_reads_skip_token_rows()
    {
        var (store, table) = await StoreAsync();
        var hashes = Enumerable.Range(0, 33).Select(i => BallotStore.HashToken("c1", $"t{i}")).ToList();
        await store.IssueTokensAsync("c1", 1, "B001", hashes, Ct);
        var cast = hashes.Select((h, i) => new BallotToCast(h, "excellent", i % 2 == 0 ? "yes" : "no", i % 3 == 0 ? ["3", "4"] : [])).ToList();

        var outcome = await store.CastAsync("c1", 1, "B001", cast, "k1", Accepted, cancellationToken: Ct); // 33 ballots: 68 actions, one transaction
        Assert.False(outcome.Replayed);

        var ballots = await store.ListSubjectAsync("c1", 1, "B001", Ct);
        Assert.Equal(33, ballots.Count);
        Assert.Equal(17, ballots.Count(b => b.Choice == "yes"));
        Assert.Equal(11, ballots.Count(b => b.ApprovedStars.SequenceEqual(["3", "4"])));
        Assert.Equal(33, (await store.ListBucketAsync("c1", 0, Ct))["B001"].Count());
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == BallotStore.SubjectPartition("c1", "B001", 1), select: ["RowKey"], cancellationToken: Ct))
        {
            rows.Add(e.RowKey.Split('|')[1]);
        }

        Assert.Equal(1, rows.Count(k => k == "ballots"));
        Assert.Equal(33, rows.Count(k => k == "used"));
    }

    [Fact]
    public async Task A_spent_or_unknown_token_fails_the_whole_request_and_names_its_ballot()
    {
        var (store, _) = await StoreAsync();
        var issued = new[] { "a", "b", "c" }.Select(t => BallotStore.HashToken("c2", t)).ToList();
        await store.IssueTokensAsync("c2", 1, "B002", issued, Ct);
        await store.CastAsync("c2", 1, "B002", [Ballot(issued[1])], "first", Accepted, cancellationToken: Ct);

        var reused = await Assert.ThrowsAsync<TableTransactionFailedException>(() => store.CastAsync("c2", 1, "B002", [Ballot(issued[0]), Ballot(issued[1])], "second", Accepted, cancellationToken: Ct));
        Assert.Equal(((int, bool)?)(1, false), BallotStore.TokenRefusal(reused));
        var unknown = await Assert.ThrowsAsync<TableTransactionFailedException>(() => store.CastAsync("c2", 1, "B002", [Ballot(issued[2]), Ballot(BallotStore.HashToken("c2", "never"))], "third", Accepted, cancellationToken: Ct));
        Assert.Equal(((int, bool)?)(1, true), BallotStore.TokenRefusal(unknown));

        Assert.Single(await store.ListSubjectAsync("c2", 1, "B002", Ct)); // the failed requests stored nothing
        var (_, used) = await store.GetTokensAsync("c2", 1, "B002", Ct);
        Assert.Equal([issued[1]], used);
    }

    [Fact]
    public async Task With_signed_tokens_a_cast_changes_no_stored_row_and_a_spent_token_still_fails_the_whole_request()
    {
        var (store, _) = await StoreAsync();
        var key = BallotTokens.NewKey();
        var tokens = Enumerable.Range(0, 3).Select(_ => BallotTokens.Mint(key, "c4", "B004")).ToList();
        Assert.All(tokens, t => Assert.True(BallotTokens.Verify(key, "c4", "B004", t)));
        var hashes = tokens.Select(t => BallotStore.HashToken("c4", t)).ToList();
        await store.IssueTokensAsync("c4", 1, "B004", hashes, Ct);

        await store.CastAsync("c4", 1, "B004", [Ballot(hashes[0])], "first", Accepted, tokensVerified: true, Ct);
        var reused = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            store.CastAsync("c4", 1, "B004", [Ballot(hashes[1]), Ballot(hashes[0])], "second", Accepted, tokensVerified: true, Ct));

        Assert.Equal(((int, bool)?)(1, false), BallotStore.TokenRefusal(reused, tokensVerified: true));
        Assert.Single(await store.ListSubjectAsync("c4", 1, "B004", Ct));
        Assert.Equal([hashes[0]], (await store.GetTokensAsync("c4", 1, "B004", Ct)).Used);
    }

    [Fact]
    public void A_signed_token_verifies_only_for_its_key_campaign_and_organization_and_unaltered()
    {
        var key = BallotTokens.NewKey();
        var token = BallotTokens.Mint(key, "c5", "B005");

        Assert.True(BallotTokens.Verify(key, "c5", "B005", token));
        Assert.False(BallotTokens.Verify(BallotTokens.NewKey(), "c5", "B005", token));
        Assert.False(BallotTokens.Verify(key, "c6", "B005", token));
        Assert.False(BallotTokens.Verify(key, "c5", "B006", token));
        var altered = (token[0] == 'A' ? "B" : "A") + token[1..];
        Assert.False(BallotTokens.Verify(key, "c5", "B005", altered));
        Assert.False(BallotTokens.Verify(key, "c5", "B005", token[..^2]));
        Assert.False(BallotTokens.Verify(key, "c5", "B005", "not base64url!"));
        Assert.NotEqual(token, BallotTokens.Mint(key, "c5", "B005"));
    }

    [Fact]
    public async Task Each_organization_has_its_own_partition_and_a_bucket_read_gathers_the_organizations_of_its_bucket_only()
    {
        var (store, table) = await StoreAsync();
        const int buckets = 4;
        var codes = Enumerable.Range(1, 12).Select(i => $"B{i:D3}").ToList();
        foreach (var code in codes)
        {
            var hashes = Enumerable.Range(0, 2).Select(i => BallotStore.HashToken("c3", $"{code}-{i}")).ToList();
            await store.IssueTokensAsync("c3", buckets, code, hashes, Ct);
            await store.CastAsync("c3", buckets, code, hashes.Select(Ballot).ToList(), "k", Accepted, cancellationToken: Ct);
        }

        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var read = await store.ListBucketAsync("c3", bucket, Ct);
            Assert.Equal(codes.Where(c => Partitions.Bucket(c, buckets) == bucket).Order(), read.Select(g => g.Key).Order());
            Assert.All(read, g => Assert.Equal(2, g.Count()));
        }

        var partitions = new HashSet<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: Ct))
        {
            partitions.Add(e.PartitionKey);
        }

        Assert.Equal(codes.Select(c => BallotStore.SubjectPartition("c3", c, buckets)).Order(), partitions.Order());
    }

    private static BallotToCast Ballot(string hash) => new(hash, "good", "yes", []);

    private async Task<(BallotStore Store, TableClient Table)> StoreAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "ballots" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return (new BallotStore(table), table);
    }
}

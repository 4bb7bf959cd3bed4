using Azure.Data.Tables;
using BranchRating.Storage.Results;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>Rankings are cut into partitions of a bounded size; paging runs across them in rank order.</summary>
public sealed class ResultStoreRankingTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(4)] // pages straddle chunk boundaries
    [InlineData(3)] // pages end exactly where a chunk ends
    [InlineData(1)]
    [InlineData(20)] // one page over every chunk
    public async Task Paging_returns_every_entry_once_in_rank_order_across_the_chunk_partitions(int pageSize)
    {
        var (store, table) = await StoreAsync(chunkRows: 3);
        var entries = Enumerable.Range(1, 10).Select(i => new PublishedRankingEntry(i, $"B{i:D3}", $"支部{i}", 100 - i, 3, "三星级")).ToList();
        await store.WriteVersionAsync("c1", 1, 4, Content(("county", "C01", entries)), Ct);

        var pages = new List<IReadOnlyList<PublishedRankingEntry>>();
        string? token = null;
        do
        {
            var (items, next) = await store.GetRankingPageAsync("c1", 1, "county", "C01", pageSize, token, Ct);
            pages.Add(items);
            token = next;
            Assert.True(pages.Count <= 20, "paging does not end");
        }
        while (token is not null);

        Assert.Equal(entries.Select(e => e.Code), pages.SelectMany(p => p).Select(e => e.Code));
        Assert.All(pages, p => Assert.InRange(p.Count, 1, pageSize)); // no empty last page
        var partitions = new HashSet<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey.CompareTo("c1|v000001|rank|") >= 0 && x.PartitionKey.CompareTo("c1|v000001|rank}") < 0, cancellationToken: Ct))
        {
            partitions.Add(e.PartitionKey);
        }

        Assert.Equal(4, partitions.Count); // 3 + 3 + 3 + 1 rows
    }

    [Fact]
    public async Task An_empty_ranking_is_one_empty_page_and_a_foreign_token_is_refused()
    {
        var (store, _) = await StoreAsync(chunkRows: 3);
        await store.WriteVersionAsync("c2", 1, 4, Content(("county", "C01", [new PublishedRankingEntry(1, "B001", "n", 90, 3, "三星级")])), Ct);

        var (items, next) = await store.GetRankingPageAsync("c2", 1, "county", "C99", 10, null, Ct);
        Assert.Empty(items);
        Assert.Null(next);
        await Assert.ThrowsAsync<FormatException>(() => store.GetRankingPageAsync("c2", 1, "county", "C01", 10, "not-a-token", Ct));
        await Assert.ThrowsAsync<FormatException>(() => store.GetRankingPageAsync("c2", 1, "county", "C01", 10, "-1:", Ct));
    }

    [Fact]
    public async Task Writing_a_version_again_after_a_partial_write_replaces_its_rows_and_adds_the_missing_ones()
    {
        var (store, table) = await StoreAsync(chunkRows: 3);
        var entries = Enumerable.Range(1, 10).Select(i => new PublishedRankingEntry(i, $"B{i:D3}", $"支部{i}", 100 - i, 3, "三星级")).ToList();
        // A first attempt stopped after some partitions: one chunk written, with other names.
        await store.WriteVersionAsync("c3", 1, 4, Content(("county", "C01", entries.Take(3).Select(e => e with { Name = "旧" }).ToList())), Ct);

        // The redelivered publication inserts: the chunk already there conflicts and is replaced, the others are added.
        Assert.Equal(10, await store.WriteVersionAsync("c3", 1, 4, Content(("county", "C01", entries)), Ct));

        var (items, next) = await store.GetRankingPageAsync("c3", 1, "county", "C01", 20, null, Ct);
        Assert.Null(next);
        Assert.Equal(entries.Select(e => (e.Code, e.Name)), items.Select(e => (e.Code, e.Name)));
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(x => x.PartitionKey.CompareTo("c3|") >= 0 && x.PartitionKey.CompareTo("c3}") < 0, cancellationToken: Ct))
        {
            rows++;
        }

        Assert.Equal(10, rows);
    }

    private async Task<(ResultStore Store, TableClient Table)> StoreAsync(int chunkRows)
    {
        var table = new TableClient(azurite.ConnectionString, "results" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return (new ResultStore(table, new ResultStoreOptions { RankingChunkRows = chunkRows }), table);
    }

    private static PublicationContent Content(params (string Scope, string Value, IReadOnlyList<PublishedRankingEntry> Entries)[] rankings) =>
        new([], rankings.ToDictionary(r => (r.Scope, r.Value), r => r.Entries), new Dictionary<string, IReadOnlyList<PublishedDistribution>>());
}

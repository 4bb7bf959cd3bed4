using Azure.Data.Tables;
using BranchRating.Storage.Results;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>
/// Rankings are packed, a fixed number of entries per row, one partition per ranking; pages and searches read the rows
/// they cover by point reads and continue at a position.
/// </summary>
public sealed class ResultStoreRankingTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IReadOnlyList<PublishedRankingEntry> Ten =
        Enumerable.Range(1, 10).Select(i => new PublishedRankingEntry(i, $"B{i:D3}", (i % 2 == 0 ? "红星支部" : "蓝天支部") + i, 100.25m - i, 6 - ((i + 1) / 2), "三星级")).ToList();

    [Theory]
    [InlineData(4)] // pages straddle rows
    [InlineData(3)] // pages end exactly where a row ends
    [InlineData(6)] // two rows a page
    [InlineData(1)]
    [InlineData(20)] // one page over every row
    public async Task Paging_returns_every_entry_once_in_rank_order_across_the_packed_rows(int pageSize)
    {
        var (store, table) = await StoreAsync(entriesPerRow: 3);
        await store.WriteVersionAsync("c1", 1, 4, Content(("county", "C01", Ten)), Ct);

        var pages = await AllPagesAsync(token => store.GetRankingPageAsync("c1", 1, "county", "C01", pageSize, token, Ct));

        Assert.Equal(Ten, pages.SelectMany(p => p)); // every field, in rank order, each once
        Assert.Equal((Ten.Count + pageSize - 1) / pageSize, pages.Count); // no empty last page
        Assert.All(pages, p => Assert.InRange(p.Count, 1, pageSize));
        Assert.Equal(["c1|v000001|rank|county|C01"], (await RowsAsync(table, "c1|")).Select(e => e.PartitionKey).Distinct());
    }

    [Fact]
    public async Task A_version_writes_one_row_per_started_group_of_entries_and_reports_every_entity()
    {
        var (store, table) = await StoreAsync(entriesPerRow: 3);
        var results = Ten.Take(2).Select(e => new PublishedResult(e.Code, e.Name, "R1", "C01", "rural", e.FinalTotal, e.LevelOrdinal, e.Level, new Dictionary<string, int> { ["county"] = e.Rank }, "{}")).ToList();
        var content = new PublicationContent(
            results,
            new Dictionary<(string Scope, string Value), IReadOnlyList<PublishedRankingEntry>>
            {
                [("county", "C01")] = Ten, [("region", "R1")] = Ten.Take(3).ToList(), [("field", "rural")] = [],
            },
            new Dictionary<string, IReadOnlyList<PublishedDistribution>> { ["region"] = [new("R1", 10, new Dictionary<string, int> { ["三星级"] = 10 })] });

        var written = await store.WriteVersionAsync("c2", 1, 4, content, Ct);

        // 2 results + 4 rows (3 + 3 + 3 + 1 entries) + 1 row (3 entries, ends on a row) + none for the empty ranking + 1 distribution.
        Assert.Equal(2 + 4 + 1 + 0 + 1, written);
        var rows = await RowsAsync(table, "c2|");
        Assert.Equal(written, rows.Count);
        Assert.Equal(["000000", "000001", "000002", "000003"], rows.Where(e => e.PartitionKey == "c2|v000001|rank|county|C01").Select(e => e.RowKey));
        Assert.All(rows.Where(e => e.PartitionKey == "c2|v000001|rank|county|C01"), e => Assert.Equal(10, e.GetInt32("Total")));
        Assert.Equal([3, 3, 3, 1], rows.Where(e => e.PartitionKey == "c2|v000001|rank|county|C01").Select(e => e.GetInt32("Count")));
    }

    [Fact]
    public async Task An_empty_or_unknown_ranking_is_one_empty_page_and_tokens_not_handed_out_are_refused()
    {
        var (store, _) = await StoreAsync(entriesPerRow: 3);
        await store.WriteVersionAsync("c3", 1, 4, Content(("county", "C01", Ten), ("county", "C02", [])), Ct);

        foreach (var value in new[] { "C02", "C99" })
        {
            AssertEmptyAndLast(await store.GetRankingPageAsync("c3", 1, "county", value, 10, null, Ct));
            AssertEmptyAndLast(await store.SearchRankingPageAsync("c3", 1, "county", value, "B", 10, null, Ct));
        }

        // Not of the format, not in its canonical spelling (the chunked store's "0:" too), past the end, or of no ranking.
        foreach (var (value, token) in new[] { ("C01", "not-a-token"), ("C01", "0:"), ("C01", "-1:"), ("C01", "p"), ("C01", "p-1"), ("C01", "p03"), ("C01", "p+3"), ("C01", "p10"), ("C01", "p99999999999"), ("C99", "p3") })
        {
            await Assert.ThrowsAsync<FormatException>(() => store.GetRankingPageAsync("c3", 1, "county", value, 10, token, Ct));
            await Assert.ThrowsAsync<FormatException>(() => store.SearchRankingPageAsync("c3", 1, "county", value, "B", 10, token, Ct));
        }
    }

    [Fact]
    public async Task A_page_reads_only_the_rows_it_covers()
    {
        var (store, table) = await StoreAsync(entriesPerRow: 3);
        await store.WriteVersionAsync("c4", 1, 4, Content(("county", "C01", Ten)), Ct);
        var (_, token) = await store.GetRankingPageAsync("c4", 1, "county", "C01", 3, null, Ct);

        // Rows 0 and 3 gone: the page of positions 3–8 lies in rows 1 and 2 and is still served whole.
        await table.DeleteEntityAsync("c4|v000001|rank|county|C01", "000000", cancellationToken: Ct);
        await table.DeleteEntityAsync("c4|v000001|rank|county|C01", "000003", cancellationToken: Ct);
        var (items, next) = await store.GetRankingPageAsync("c4", 1, "county", "C01", 6, token, Ct);

        Assert.Equal(Ten.Skip(3).Take(6), items);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Writing_a_version_again_after_a_partial_write_leaves_exactly_the_rows_of_the_ranking()
    {
        var (store, table) = await StoreAsync(entriesPerRow: 3);
        // A first attempt stopped early: row 0 written from other data (other names, a ranking of 3).
        await store.WriteVersionAsync("c5", 1, 4, Content(("county", "C01", Ten.Take(3).Select(e => e with { Name = "旧" }).ToList())), Ct);

        // The redelivered publication inserts: the transaction meeting row 0 is replaced whole, the other rows added.
        Assert.Equal(4, await store.WriteVersionAsync("c5", 1, 4, Content(("county", "C01", Ten)), Ct));

        var (items, next) = await store.GetRankingPageAsync("c5", 1, "county", "C01", 20, null, Ct);
        Assert.Null(next);
        Assert.Equal(Ten, items);
        Assert.Equal(["000000", "000001", "000002", "000003"], (await RowsAsync(table, "c5|")).Select(e => e.RowKey));
    }

    [Fact]
    public async Task A_search_filters_the_rows_from_the_token_on_and_a_short_or_empty_page_still_continues()
    {
        var (store, _) = await StoreAsync(entriesPerRow: 3, searchRowsPerRequest: 1);
        await store.WriteVersionAsync("c6", 1, 4, Content(("county", "C01", Ten)), Ct);

        // 红星 = the even ranks (positions 1, 3, 5, 7, 9); one row (3 positions) read per request, 2 entries a page.
        var pages = await AllPagesAsync(token => store.SearchRankingPageAsync("c6", 1, "county", "C01", "红星", 2, token, Ct));
        Assert.Equal([["B002"], ["B004", "B006"], ["B008"], ["B010"]], pages.Select(p => p.Select(e => e.Code).ToArray()));

        // Only the last row has a match: the first three requests return empty pages that continue.
        pages = await AllPagesAsync(token => store.SearchRankingPageAsync("c6", 1, "county", "C01", "红星支部1", 5, token, Ct));
        Assert.Equal([[], [], [], ["B010"]], pages.Select(p => p.Select(e => e.Code).ToArray()));

        // By code, many rows a request (the default bound): pages are full until the matches run out.
        var (wide, _) = await StoreAsync(entriesPerRow: 3);
        await wide.WriteVersionAsync("c6", 1, 4, Content(("county", "C01", Ten)), Ct);
        pages = await AllPagesAsync(token => wide.SearchRankingPageAsync("c6", 1, "county", "C01", "B00", 4, token, Ct));
        Assert.Equal(Ten.Take(9), pages.SelectMany(p => p));
        Assert.Equal([4, 4, 1], pages.Select(p => p.Count));
        AssertEmptyAndLast(await wide.SearchRankingPageAsync("c6", 1, "county", "C01", "X", 4, null, Ct));
    }

    [Fact]
    public async Task Entries_with_names_longer_than_a_property_holds_are_stored_whole()
    {
        var (store, _) = await StoreAsync(entriesPerRow: 3);
        var entries = Ten.Select(e => e with { Name = new string('长', 25_000) + e.Rank }).ToList(); // 75,000+ characters a row

        await store.WriteVersionAsync("c7", 1, 4, Content(("county", "C01", entries)), Ct);

        Assert.Equal(entries, (await AllPagesAsync(token => store.GetRankingPageAsync("c7", 1, "county", "C01", 4, token, Ct))).SelectMany(p => p));
    }

    [Fact]
    public async Task Deleting_a_version_removes_its_results_rankings_and_distributions_and_nothing_else()
    {
        var (store, table) = await StoreAsync(entriesPerRow: 3);
        var results = Ten.Take(3).Select(e => new PublishedResult(e.Code, e.Name, "R1", "C01", "rural", e.FinalTotal, e.LevelOrdinal, e.Level, new Dictionary<string, int> { ["county"] = e.Rank }, "{}")).ToList();
        var content = new PublicationContent(
            results,
            new Dictionary<(string Scope, string Value), IReadOnlyList<PublishedRankingEntry>> { [("county", "C01")] = Ten },
            new Dictionary<string, IReadOnlyList<PublishedDistribution>> { ["region"] = [new("R1", 10, new Dictionary<string, int> { ["三星级"] = 10 })] });
        // The version to delete, its neighbours by version (v2, v10) and a campaign whose id extends this one's.
        var written = await store.WriteVersionAsync("c5", 1, 4, content, Ct);
        var kept = new[] { ("c5", 2L), ("c5", 10L), ("c5x", 1L) };
        foreach (var (campaign, version) in kept) await store.WriteVersionAsync(campaign, version, 4, content, Ct);

        Assert.Equal(written, await store.DeleteVersionAsync("c5", 1, Ct));

        Assert.Empty(await RowsAsync(table, "c5|v000001|"));
        Assert.Null(await store.GetResultAsync("c5", 1, 4, Ten[0].Code, Ct));
        foreach (var (campaign, version) in kept)
        {
            Assert.Equal(written, (await RowsAsync(table, $"{campaign}|v{version:D6}|")).Count);
            Assert.NotNull(await store.GetResultAsync(campaign, version, 4, Ten[0].Code, Ct));
        }
        Assert.Equal(0, await store.DeleteVersionAsync("c5", 1, Ct)); // again: nothing left to find
    }

    private static void AssertEmptyAndLast((IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken) page)
    {
        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    private static async Task<List<IReadOnlyList<PublishedRankingEntry>>> AllPagesAsync(Func<string?, Task<(IReadOnlyList<PublishedRankingEntry> Items, string? ContinuationToken)>> page)
    {
        var pages = new List<IReadOnlyList<PublishedRankingEntry>>();
        string? token = null;
        do
        {
            var (items, next) = await page(token);
            pages.Add(items);
            token = next;
            Assert.True(pages.Count <= 20, "paging does not end");
        }
        while (token is not null);

        return pages;
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string partitionPrefix)
    {
        var end = partitionPrefix[..^1] + (char)(partitionPrefix[^1] + 1);
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey.CompareTo(partitionPrefix) >= 0 && x.PartitionKey.CompareTo(end) < 0, cancellationToken: Ct))
        {
            rows.Add(e);
        }

        return rows;
    }

    private async Task<(ResultStore Store, TableClient Table)> StoreAsync(int entriesPerRow, int searchRowsPerRequest = 50)
    {
        var table = new TableClient(azurite.ConnectionString, "results" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return (new ResultStore(table, new ResultStoreOptions { RankingEntriesPerRow = entriesPerRow, RankingSearchRowsPerRequest = searchRowsPerRequest }), table);
    }

    private static PublicationContent Content(params (string Scope, string Value, IReadOnlyList<PublishedRankingEntry> Entries)[] rankings) =>
        new([], rankings.ToDictionary(r => (r.Scope, r.Value), r => r.Entries), new Dictionary<string, IReadOnlyList<PublishedDistribution>>());
}

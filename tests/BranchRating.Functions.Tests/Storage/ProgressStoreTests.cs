using Azure.Data.Tables;
using BranchRating.Storage.Progress;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>The progress counters: read-and-conditional-write per row, so concurrent writers never lose an update.</summary>
public sealed class ProgressStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_writers_on_the_same_rows_lose_no_update()
    {
        var store = await StoreAsync();
        // 40 writers at once, each casting 3 ballots for one of two organizations of region R1 (one field for all):
        // every writer rewrites the same region and field rows, or the same bucket's rows.
        var changes = Enumerable.Range(0, 40).Select(i => new ProgressChange(i % 2 == 0 ? "B001" : "B002", "R1", "F1", new ProgressCounts(BallotsCast: 3)));
        await Task.WhenAll(changes.Select(c => store.AddAsync("race", 4, c, Ct)));

        var regions = await store.SumAsync("race", 4, "region", Ct);
        var fields = await store.SumAsync("race", 4, "field", Ct);
        Assert.Equal(120, regions["R1"].BallotsCast);
        Assert.Equal(120, fields["F1"].BallotsCast);
        Assert.Single(regions);
    }

    [Fact]
    public async Task Sums_cover_every_bucket_and_keep_campaigns_and_scopes_apart()
    {
        var store = await StoreAsync();
        var codes = Enumerable.Range(1, 30).Select(i => $"B{i:D3}").ToList();
        await store.AddAsync("c1", 8, codes.Select((code, i) => new ProgressChange(code, i < 20 ? "R1" : "R2", "F1", new ProgressCounts(Organizations: 1))), Ct);
        await store.AddAsync("c10", 8, [new ProgressChange("B001", "R1", "F1", new ProgressCounts(Organizations: 5))], Ct);
        await store.AddAsync("c1", 8, [new ProgressChange("B021", "R2", "F1", new ProgressCounts(Organizations: -1, SelfSubmitted: 1))], Ct);

        var regions = await store.SumAsync("c1", 8, "region", Ct);
        Assert.Equal(20, regions["R1"].Organizations);
        Assert.Equal(9, regions["R2"].Organizations);
        Assert.Equal(1, regions["R2"].SelfSubmitted);
        Assert.Equal(29, (await store.SumAsync("c1", 8, "field", Ct))["F1"].Organizations);
        Assert.Equal(5, (await store.SumAsync("c10", 8, "region", Ct))["R1"].Organizations);
    }

    private async Task<ProgressStore> StoreAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "progress" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return new ProgressStore(table);
    }
}

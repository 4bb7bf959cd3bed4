using Azure.Data.Tables;
using BranchRating.Storage.Campaigns;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

public sealed class CampaignStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_due_step_is_closed_exactly_once_even_by_concurrent_closers()
    {
        var store = await StoreAsync();
        var deadline = new DateTimeOffset(2026, 6, 5, 10, 0, 0, TimeSpan.Zero);
        await store.CreateAsync(Campaign("close-once"), [("self-assessment", deadline), ("determination", deadline.AddDays(10))], Ct);

        Assert.Empty(await store.FindDueStepsAsync(deadline.AddSeconds(-1), Ct));
        var due = (await store.FindDueStepsAsync(deadline, Ct)).Where(s => s.CampaignId == "close-once").ToList();
        var closes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.TryCloseStepAsync(due.Single(), deadline, cancellationToken: Ct)));

        Assert.Single(closes, c => c);
        Assert.DoesNotContain(await store.FindDueStepsAsync(deadline.AddDays(1), Ct), s => s.CampaignId == "close-once");
        var snapshot = (await store.GetAsync("close-once", Ct))!;
        Assert.Equal(["closed", "open"], snapshot.Steps.Select(s => s.State));
    }

    [Fact]
    public async Task The_publication_pointer_only_moves_forward_and_versions_are_never_handed_out_twice()
    {
        var store = await StoreAsync();
        await store.CreateAsync(Campaign("pointer"), [("determination", DateTimeOffset.UnixEpoch)], Ct);

        var versions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.NextVersionAsync("pointer", Ct)));
        Assert.Equal([1L, 2, 3, 4, 5, 6], versions.Order());

        Assert.True(await store.TryPublishAsync("pointer", 3, "op3", DateTimeOffset.UnixEpoch, cancellationToken: Ct));
        Assert.False(await store.TryPublishAsync("pointer", 2, "op2", DateTimeOffset.UnixEpoch, cancellationToken: Ct));
        Assert.True(await store.TryPublishAsync("pointer", 3, "op3", DateTimeOffset.UnixEpoch, cancellationToken: Ct));
        Assert.Equal(3, (await store.GetPublicationAsync("pointer", Ct))!.Version);
        Assert.False(await store.CreateAsync(Campaign("pointer"), [], Ct));
    }

    [Fact]
    public async Task Listing_pages_through_every_campaign_once_and_lists_no_steps()
    {
        var store = await StoreAsync(new CampaignStoreOptions { PageSize = 2 });
        var ids = Enumerable.Range(1, 5).Select(i => $"list-{i}").ToList();
        foreach (var id in ids)
        {
            await store.CreateAsync(Campaign(id), [("self-assessment", DateTimeOffset.UnixEpoch), ("determination", DateTimeOffset.UnixEpoch)], Ct);
        }

        var listed = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var (items, next) = await store.ListAsync(token, Ct);
            Assert.InRange(items.Count, 0, 2);
            listed.AddRange(items.Select(c => c.Id));
            token = next;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Null(token);
        Assert.True(pages >= 3, $"{pages} page(s) for 5 campaigns at 2 a page");
        Assert.Equal(ids, listed.Order());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("t.!!!")]
    [InlineData("t.bm8tc3BhY2U")] // base64url of "no-space": not a partition and row key
    [InlineData("list-3 campaign")] // the SDK's own token format, not ours
    [InlineData("t.YWIgYw==")] // base64 of "ab c" with padding: decodes, but is not as the store writes it
    public async Task Listing_refuses_a_malformed_token(string token)
    {
        var store = await StoreAsync(new CampaignStoreOptions { PageSize = 2 });
        await store.CreateAsync(Campaign("refused"), [], Ct);

        var e = await Assert.ThrowsAsync<FormatException>(() => store.ListAsync(token, Ct));
        Assert.Contains("continuation token", e.Message, StringComparison.Ordinal);
    }

    private async Task<CampaignStore> StoreAsync(CampaignStoreOptions? options = null)
    {
        var table = new TableClient(azurite.ConnectionString, "campaigns" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return new CampaignStore(table, options);
    }

    private static CampaignRecord Campaign(string id) => new(id, "n", "s", "1", "name", "{\"scheme\":true}", 4, DateTimeOffset.UnixEpoch);
}

using Azure.Data.Tables;
using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>Startup creates every queue (with its poison queue) and table of StorageNames, unless told not to.</summary>
public sealed class StorageInitializerTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Startup_creates_the_queues_poison_queues_and_tables_only_when_CreateIfNotExists_is_on()
    {
        // A fresh emulator of its own (a data location forces a new process even when BRANCHRATING_TEST_STORAGE is
        // set): the shared one already has these names from other tests.
        var location = Path.Combine(Path.GetTempPath(), "br-init-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var azurite = await Azurite.StartAsync(location, cancellationToken: Ct);
            await CreatesOnlyWhenOnAsync(azurite);
        }
        finally
        {
            Directory.Delete(location, recursive: true);
        }
    }

    private async Task CreatesOnlyWhenOnAsync(Azurite azurite)
    {
        var queues = new QueueServiceClient(azurite.ConnectionString);
        var tables = new TableServiceClient(azurite.ConnectionString);

        await using (var off = TestHosts.BuildIsolated(azurite.ConnectionString, "api", new Dictionary<string, string?> { ["Storage:CreateIfNotExists"] = "false" }))
        {
            await off.StartAsync(Ct);
            await off.StopAsync(Ct);
        }

        Assert.Empty(await QueueNamesAsync(queues));
        Assert.Empty(await TableNamesAsync(tables));

        await using (var on = TestHosts.BuildIsolated(azurite.ConnectionString, "api"))
        {
            await on.StartAsync(Ct);
            await on.StopAsync(Ct);
        }

        var expectedQueues = StorageNames.Queues.All.Concat(StorageNames.Queues.All.Select(StorageNames.Queues.Poison)).Order();
        Assert.Equal(expectedQueues, (await QueueNamesAsync(queues)).Order());
        Assert.Equal(StorageNames.Tables.All.Order(), (await TableNamesAsync(tables)).Order());
    }

    private async Task<List<string>> QueueNamesAsync(QueueServiceClient queues)
    {
        var names = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: Ct))
        {
            names.Add(queue.Name);
        }

        return names;
    }

    private async Task<List<string>> TableNamesAsync(TableServiceClient tables)
    {
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync(cancellationToken: Ct))
        {
            names.Add(table.Name);
        }

        return names;
    }
}

using Azure.Storage.Queues;
using BranchRating.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]

namespace BranchRating.Functions.Tests;

public sealed class AzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_emulator_started_by_the_tests_round_trips_a_queue_message()
    {
        var queue = new QueueClient(azurite.ConnectionString, "smoke-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await queue.SendMessageAsync("hello", TestContext.Current.CancellationToken);

        var received = await queue.ReceiveMessageAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("hello", received.Value.MessageText);
    }
}

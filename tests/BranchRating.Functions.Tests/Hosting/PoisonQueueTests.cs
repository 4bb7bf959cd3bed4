using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Storage.Queues;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>The poison queue format and the replay that puts messages back on their work queue unchanged.</summary>
public sealed class PoisonQueueTests(AzuriteFixture azurite)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"campaignId\":\"秋季\",\"note\":\"say \\\"hi\\\"\",\"n\":[1,2]}")]
    [InlineData("plain text with \"quotes\" and 中文")]
    [InlineData(" {\"padded\":true} ")]
    public async Task Replay_puts_the_original_body_back_on_the_work_queue_and_empties_the_poison_queue(string body)
    {
        var queues = QueueClientDefaults.CreateServiceClient(azurite.ConnectionString);
        var work = queues.GetQueueClient(TestHosts.NewQueueName("replay"));
        var poisonClient = queues.GetQueueClient(StorageNames.Queues.Poison(work.Name));
        await work.CreateIfNotExistsAsync(cancellationToken: Ct);
        await poisonClient.CreateIfNotExistsAsync(cancellationToken: Ct);
        await work.SendMessageAsync(body, Ct);
        var received = (await work.ReceiveMessageAsync(cancellationToken: Ct)).Value;
        var poison = new PoisonQueue(queues);

        Assert.True(await poison.MoveAsync(work, received, "ballot token list missing", "System.InvalidOperationException", Ct));
        Assert.Empty((await work.PeekMessagesAsync(32, Ct)).Value);
        var stored = Assert.Single(await poison.PeekAsync(work.Name, cancellationToken: Ct));
        Assert.Equal(body, stored.OriginalMessage);
        Assert.Equal("ballot token list missing", stored.Reason);

        Assert.Equal(1, await poison.ReplayAsync(work.Name, cancellationToken: Ct));

        Assert.Equal(body, Assert.Single((await work.PeekMessagesAsync(32, Ct)).Value).Body.ToString());
        Assert.Empty((await poisonClient.PeekMessagesAsync(32, Ct)).Value);
    }

    [Fact]
    public async Task Replay_also_restores_a_body_copied_as_is_by_Azure_Functions()
    {
        var queues = QueueClientDefaults.CreateServiceClient(azurite.ConnectionString);
        var work = queues.GetQueueClient(TestHosts.NewQueueName("asis"));
        var poisonClient = queues.GetQueueClient(StorageNames.Queues.Poison(work.Name));
        await work.CreateIfNotExistsAsync(cancellationToken: Ct);
        await poisonClient.CreateIfNotExistsAsync(cancellationToken: Ct);
        await poisonClient.SendMessageAsync("{\"v\":1}", Ct);
        await poisonClient.SendMessageAsync("{\"v\":2}", Ct);

        Assert.Equal(2, await new PoisonQueue(queues).ReplayAsync(work.Name, cancellationToken: Ct));

        Assert.Equal(["{\"v\":1}", "{\"v\":2}"], (await work.PeekMessagesAsync(32, Ct)).Value.Select(m => m.Body.ToString()).Order());
    }

    [Fact]
    public async Task A_body_too_large_for_the_envelope_is_kept_as_is_rather_than_lost()
    {
        var queues = QueueClientDefaults.CreateServiceClient(azurite.ConnectionString);
        var work = queues.GetQueueClient(TestHosts.NewQueueName("big"));
        await work.CreateIfNotExistsAsync(cancellationToken: Ct);
        await queues.GetQueueClient(StorageNames.Queues.Poison(work.Name)).CreateIfNotExistsAsync(cancellationToken: Ct);
        var body = new string('"', 40_000); // 40 KB of quotes: 80 KB once escaped in a JSON string
        await work.SendMessageAsync(body, Ct);
        var received = (await work.ReceiveMessageAsync(cancellationToken: Ct)).Value;
        var poison = new PoisonQueue(queues);

        Assert.False(await poison.MoveAsync(work, received, "too big to explain", null, Ct));

        var stored = Assert.Single(await poison.PeekAsync(work.Name, cancellationToken: Ct));
        Assert.Equal(body, stored.OriginalMessage);
        Assert.Equal(1, await poison.ReplayAsync(work.Name, cancellationToken: Ct));
        Assert.Equal(body, Assert.Single((await work.PeekMessagesAsync(32, Ct)).Value).Body.ToString());
    }
}

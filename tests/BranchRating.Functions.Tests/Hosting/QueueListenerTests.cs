using System.Text;
using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Functions.Hosting;
using BranchRating.Storage.Queues;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>The worker role's queue trigger against Azurite: encoding, retries, poison queue, shutdown.</summary>
public sealed class QueueListenerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_is_stored_base64_and_handed_to_the_function_decoded()
    {
        var queue = TestHosts.NewQueueName("enc");
        const string body = "{\"campaignId\":\"2026-秋季\",\"note\":\"支部 \\\"一\\\"\"}";
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.CreateIfNotExistsAsync(cancellationToken: Ct);
        await sender.SendMessageAsync(body, Ct);

        var raw = await new QueueClient(azurite.ConnectionString, queue).PeekMessageAsync(Ct);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), raw.Value.MessageText);

        var function = new TestQueueFunction(queue, (_, _) => Task.CompletedTask);
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);

        await TestHosts.EventuallyAsync(() => function.Completed.Count == 1, Timeout, "the message is handled");
        var delivered = Assert.Single(function.Deliveries);
        Assert.Equal(body, delivered.Body);
        Assert.Equal(1, delivered.DequeueCount);
        await TestHosts.EventuallyAsync(async () => (await sender.PeekMessagesAsync(32, Ct)).Value.Length == 0, Timeout, "the handled message is deleted");
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_message_failing_every_time_goes_to_the_poison_queue_after_exactly_five_deliveries_with_its_reason()
    {
        var queue = TestHosts.NewQueueName("fail");
        const string body = "{\"batch\":7}";
        var function = new TestQueueFunction(queue, (_, _) => throw new InvalidOperationException("score table unavailable"));
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        await TestHosts.Sender(azurite.ConnectionString, queue).SendMessageAsync(body, Ct);

        var poison = host.Services.GetRequiredService<PoisonQueue>();
        await TestHosts.EventuallyAsync(async () => (await poison.PeekAsync(queue, cancellationToken: Ct)).Count == 1, Timeout, "the message reaches the poison queue");
        await host.StopAsync(Ct);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], function.Deliveries.Select(d => d.DequeueCount));
        var poisoned = Assert.Single(await poison.PeekAsync(queue, cancellationToken: Ct));
        Assert.Equal("score table unavailable", poisoned.Reason);
        Assert.Equal(typeof(InvalidOperationException).FullName, poisoned.ExceptionType);
        Assert.Equal(5, poisoned.DequeueCount);
        Assert.Equal(queue, poisoned.Queue);
        Assert.Equal(body, poisoned.OriginalMessage);
        Assert.Empty((await TestHosts.Sender(azurite.ConnectionString, queue).PeekMessagesAsync(32, Ct)).Value);

        // The poison message is readable by an operator as plain JSON too.
        var raw = await TestHosts.Sender(azurite.ConnectionString, StorageNames.Queues.Poison(queue)).PeekMessageAsync(Ct);
        Assert.Contains("\"reason\":\"score table unavailable\"", raw.Value.Body.ToString());
        Assert.Contains("\"originalMessage\":{\"batch\":7}", raw.Value.Body.ToString());
    }

    [Fact]
    public async Task A_PoisonMessageException_sends_the_message_to_the_poison_queue_after_one_delivery()
    {
        var queue = TestHosts.NewQueueName("pme");
        var function = new TestQueueFunction(queue, (_, _) => throw new PoisonMessageException("unknown message version 9"));
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        await TestHosts.Sender(azurite.ConnectionString, queue).SendMessageAsync("v9 message", Ct);

        var poison = host.Services.GetRequiredService<PoisonQueue>();
        await TestHosts.EventuallyAsync(async () => (await poison.PeekAsync(queue, cancellationToken: Ct)).Count == 1, Timeout, "the message reaches the poison queue");
        await host.StopAsync(Ct);

        var delivery = Assert.Single(function.Deliveries);
        Assert.Equal(1, delivery.DequeueCount);
        var poisoned = Assert.Single(await poison.PeekAsync(queue, cancellationToken: Ct));
        Assert.Equal("unknown message version 9", poisoned.Reason);
        Assert.Equal("v9 message", poisoned.OriginalMessage);
        Assert.Equal(1, poisoned.DequeueCount);
    }

    [Fact]
    public async Task A_message_failing_twice_then_succeeding_is_completed_once_and_deleted()
    {
        var queue = TestHosts.NewQueueName("retry");
        var function = new TestQueueFunction(queue, (m, _) => m.DequeueCount <= 2
            ? throw new TimeoutException("table busy")
            : Task.CompletedTask);
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.SendMessageAsync("third time lucky", Ct);

        await TestHosts.EventuallyAsync(() => function.Completed.Count == 1, Timeout, "the third delivery succeeds");
        await TestHosts.EventuallyAsync(async () => (await sender.PeekMessagesAsync(32, Ct)).Value.Length == 0, Timeout, "the message is deleted");
        await host.StopAsync(Ct);

        Assert.Equal([1L, 2L, 3L], function.Deliveries.Select(d => d.DequeueCount));
        Assert.All(function.Deliveries, d => Assert.Equal("third time lucky", d.Body));
        Assert.Single(function.Completed);
        Assert.Empty(await host.Services.GetRequiredService<PoisonQueue>().PeekAsync(queue, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_host_stopped_while_handlers_run_releases_their_messages_and_the_next_host_handles_every_one()
    {
        var queue = TestHosts.NewQueueName("stop");
        var bodies = Enumerable.Range(1, 12).Select(i => $"{{\"n\":{i}}}").ToList();
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.CreateIfNotExistsAsync(cancellationToken: Ct);
        foreach (var body in bodies)
        {
            await sender.SendMessageAsync(body, Ct);
        }

        // A long visibility timeout: without the release at shutdown the second host would not see them in time.
        var settings = TestHosts.FastQueue(queue, batchSize: 8);
        settings[$"Queues:{queue}:VisibilityTimeout"] = "00:05:00";
        settings[$"Queues:{queue}:ShutdownGracePeriod"] = "00:00:00.200";

        var stuck = new TestQueueFunction(queue, (_, ct) => Task.Delay(System.Threading.Timeout.Infinite, ct));
        var first = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", settings, s => s.AddSingleton<IQueueFunction>(stuck));
        await first.StartAsync(Ct);
        await TestHosts.EventuallyAsync(() => stuck.Deliveries.Count == 8, Timeout, "a full batch of handlers is running");
        await first.StopAsync(Ct);
        await first.DisposeAsync();
        Assert.Empty(stuck.Completed);

        var working = new TestQueueFunction(queue, (_, _) => Task.CompletedTask);
        await using var second = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", settings, s => s.AddSingleton<IQueueFunction>(working));
        await second.StartAsync(Ct);
        await TestHosts.EventuallyAsync(() => working.Completed.Select(m => m.Body).Distinct().Count() == bodies.Count, Timeout, "every message is handled by the second host");
        await TestHosts.EventuallyAsync(async () => (await sender.PeekMessagesAsync(32, Ct)).Value.Length == 0, Timeout, "the queue is empty");
        await second.StopAsync(Ct);

        Assert.Equal(bodies.Order(), working.Completed.Select(m => m.Body).Distinct().Order());
        Assert.Empty(await second.Services.GetRequiredService<PoisonQueue>().PeekAsync(queue, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_handler_still_running_at_shutdown_may_finish_within_the_grace_period_and_its_message_is_deleted()
    {
        var queue = TestHosts.NewQueueName("grace");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var function = new TestQueueFunction(queue, (_, _) => release.Task);
        var settings = TestHosts.FastQueue(queue);
        settings[$"Queues:{queue}:ShutdownGracePeriod"] = "00:00:20";
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", settings, s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.SendMessageAsync("finishing", Ct);
        await TestHosts.EventuallyAsync(() => function.Deliveries.Count == 1, Timeout, "the handler runs");

        var stopping = host.StopAsync(Ct);
        await Task.Delay(100, Ct);
        Assert.False(stopping.IsCompleted, "the host waits for the running handler");
        release.SetResult();
        await stopping;

        Assert.Single(function.Completed);
        Assert.Empty((await sender.PeekMessagesAsync(32, Ct)).Value);
        Assert.Equal(0, (await sender.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_sent_without_base64_goes_to_the_poison_queue_and_the_queue_keeps_working()
    {
        var queue = TestHosts.NewQueueName("raw");
        var function = new TestQueueFunction(queue, (_, _) => Task.CompletedTask);
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        await new QueueClient(azurite.ConnectionString, queue).SendMessageAsync("plain text, not base64!", Ct);
        await TestHosts.Sender(azurite.ConnectionString, queue).SendMessageAsync("a good one", Ct);

        var poison = host.Services.GetRequiredService<PoisonQueue>();
        await TestHosts.EventuallyAsync(async () => (await poison.PeekAsync(queue, cancellationToken: Ct)).Count == 1, Timeout, "the raw message reaches the poison queue");
        await TestHosts.EventuallyAsync(() => function.Completed.Count == 1, Timeout, "the good message is handled");
        await host.StopAsync(Ct);

        var poisoned = Assert.Single(await poison.PeekAsync(queue, cancellationToken: Ct));
        Assert.Contains("not base64", poisoned.Reason);
        Assert.Equal("plain text, not base64!", poisoned.OriginalMessage);
        Assert.Equal("a good one", Assert.Single(function.Completed).Body);
    }
    [Fact]
    public async Task A_handler_running_longer_than_the_visibility_timeout_keeps_its_message_hidden_and_completes_it_once()
    {
        var queue = TestHosts.NewQueueName("long");
        var function = new TestQueueFunction(queue, (_, ct) => Task.Delay(TimeSpan.FromSeconds(7), ct));
        var settings = TestHosts.FastQueue(queue);
        settings[$"Queues:{queue}:VisibilityTimeout"] = "00:00:03";
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", settings, s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.SendMessageAsync("slow work", Ct);

        await TestHosts.EventuallyAsync(() => function.Completed.Count == 1, Timeout, "the slow handler completes");
        await TestHosts.EventuallyAsync(async () => (await sender.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, Timeout, "the message is deleted");
        await host.StopAsync(Ct);

        // Renewed every third of the visibility timeout: never delivered a second time while its handler ran.
        Assert.Equal(1L, Assert.Single(function.Deliveries).DequeueCount);
    }

    [Fact]
    public async Task A_listener_runs_no_more_handlers_at_once_than_its_concurrency_and_handles_every_message()
    {
        var queue = TestHosts.NewQueueName("conc");
        var running = 0;
        var highest = 0;
        var function = new TestQueueFunction(queue, async (_, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref highest, now);
            await Task.Delay(100, ct);
            Interlocked.Decrement(ref running);
        });
        var settings = TestHosts.FastQueue(queue, batchSize: 8);
        settings[$"Queues:{queue}:MaxConcurrency"] = "3";
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.CreateIfNotExistsAsync(cancellationToken: Ct);
        for (var i = 0; i < 20; i++)
        {
            await sender.SendMessageAsync($"m{i}", Ct);
        }

        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", settings, s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        await TestHosts.EventuallyAsync(() => function.Completed.Count == 20, Timeout, "all 20 messages are handled");
        await host.StopAsync(Ct);

        Assert.InRange(highest, 1, 3);
        Assert.Equal(20, function.Completed.Select(m => m.Body).Distinct().Count());
    }

    [Fact]
    public async Task A_message_delivered_too_often_without_completing_goes_to_the_poison_queue_instead_of_looping()
    {
        // Five receivers took the message and vanished (crashed hosts): its dequeue count is already 5.
        var queue = TestHosts.NewQueueName("crash");
        var sender = TestHosts.Sender(azurite.ConnectionString, queue);
        await sender.CreateIfNotExistsAsync(cancellationToken: Ct);
        await sender.SendMessageAsync("crashes the process", Ct);
        for (var i = 0; i < 5; i++)
        {
            var taken = await sender.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct);
            Assert.NotNull(taken.Value);
            await sender.UpdateMessageAsync(taken.Value.MessageId, taken.Value.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: Ct);
        }

        var function = new TestQueueFunction(queue, (_, _) => Task.CompletedTask);
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", TestHosts.FastQueue(queue), s => s.AddSingleton<IQueueFunction>(function));
        await host.StartAsync(Ct);
        var poison = host.Services.GetRequiredService<PoisonQueue>();
        await TestHosts.EventuallyAsync(async () => (await poison.PeekAsync(queue, cancellationToken: Ct)).Count == 1, Timeout, "the message reaches the poison queue");
        await host.StopAsync(Ct);

        Assert.Empty(function.Deliveries);
        var poisoned = Assert.Single(await poison.PeekAsync(queue, cancellationToken: Ct));
        Assert.Equal(6, poisoned.DequeueCount);
        Assert.Contains("without completing", poisoned.Reason);
        Assert.Equal("crashes the process", poisoned.OriginalMessage);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

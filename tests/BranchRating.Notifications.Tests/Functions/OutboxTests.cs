using Microsoft.Extensions.DependencyInjection;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Queue;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Notifications;
using BranchRating.Testing;

namespace BranchRating.Notifications.Tests.Functions;

public sealed class OutboxTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_is_written_with_its_change_or_not_at_all()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        var campaigns = host.Storage.Tables.GetTableClient(host.Storage.Names.Outbox);
        var step = new TableEntity("c2026", "step|self") { ["State"] = "Open" };
        await campaigns.AddEntityAsync(step, Ct);
        var read = (await campaigns.GetEntityAsync<TableEntity>("c2026", "step|self", cancellationToken: Ct)).Value;

        // A change whose ETag is stale fails, and takes its event with it.
        read["State"] = "Closed";
        await campaigns.UpdateEntityAsync(new TableEntity("c2026", "step|self") { ["State"] = "Reopened" }, read.ETag, TableUpdateMode.Replace, Ct);
        var stale = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, read, read.ETag) };
        OutboxWriter.AddTo(stale, "c2026", NotificationTestHost.Event(NotificationEventTypes.StepClosed, id: "evt-lost"));
        await Assert.ThrowsAsync<TableTransactionFailedException>(() => campaigns.SubmitTransactionAsync(stale, Ct));
        Assert.Empty(await OutboxStore.PendingInPartitionAsync(campaigns, "c2026", 10, Ct));

        // The same change on a fresh read commits both.
        var fresh = (await campaigns.GetEntityAsync<TableEntity>("c2026", "step|self", cancellationToken: Ct)).Value;
        fresh["State"] = "Closed";
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, fresh, fresh.ETag) };
        OutboxWriter.AddTo(batch, "c2026", NotificationTestHost.Event(NotificationEventTypes.StepClosed, id: "evt-kept"));
        await campaigns.SubmitTransactionAsync(batch, Ct);

        var pending = Assert.Single(await OutboxStore.PendingInPartitionAsync(campaigns, "c2026", 10, Ct));
        Assert.Equal("evt-kept", pending.Event.Id);
        Assert.Equal("Closed", (await campaigns.GetEntityAsync<TableEntity>("c2026", "step|self", cancellationToken: Ct)).Value.GetString("State"));
    }

    [Fact]
    public async Task Dispatching_packs_many_events_per_message_marks_them_and_a_second_run_sends_nothing()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o => o.FanOut.EventsPerMessage = 200, Ct);
        var outbox = host.Storage.Tables.GetTableClient(host.Storage.Names.Outbox);
        var events = Enumerable.Range(0, 1000).Select(i => NotificationTestHost.Event(path: $"/32/3201/b{i}/")).ToList();
        foreach (var chunk in events.Chunk(100))
        {
            await outbox.SubmitTransactionAsync(chunk.Select(e => OutboxWriter.Action("province-reminder", e)), Ct);
        }

        var timer = host.Services.GetServices<BranchRating.Functions.Hosting.ITimerFunction>().Single();
        await timer.RunAsync(new BranchRating.Functions.Hosting.TimerContext(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false), Ct);
        await timer.RunAsync(new BranchRating.Functions.Hosting.TimerContext(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, true), Ct);

        var messages = (await host.Queue.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.InRange(messages.Length, 5, 32);
        var carried = messages.Select(m => (FanOutMessage)NotificationMessage.Parse(m.MessageText)).SelectMany(m => m.Events).Select(e => e.Id).ToList();
        Assert.Equal(events.Select(e => e.Id).OrderBy(x => x), carried.OrderBy(x => x));
        Assert.All(messages, m => Assert.True(System.Text.Encoding.UTF8.GetByteCount(m.MessageText) <= 48 * 1024));
        Assert.Empty(await OutboxStore.PendingAsync(outbox, 10, Ct));
    }

    [Fact]
    public async Task Dispatching_the_same_events_twice_delivers_each_once()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        var outbox = host.Storage.Tables.GetTableClient(host.Storage.Names.Outbox);
        var events = Enumerable.Range(0, 30).Select(_ => NotificationTestHost.Event()).ToList();
        await outbox.SubmitTransactionAsync(events.Select(e => OutboxWriter.Action("p", e)), Ct);

        // Two dispatchers read the same pending rows before either marks them (a timer firing twice).
        var pending = await OutboxStore.PendingAsync(outbox, 100, Ct);
        await host.Queue.SendMessageAsync(new FanOutMessage(pending.Select(p => p.Event).ToList()).ToJson(), Ct);
        await host.Dispatcher.DispatchTableAsync(outbox, Ct);
        Assert.False(await OutboxStore.MarkDispatchedAsync(outbox, pending[0], Ct));

        await using (host.Pump())
        {
            await receiver.WaitUntilAsync(r => r.Accepted >= 30, TimeSpan.FromSeconds(60), Ct);
            while ((await host.Queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount > 0)
            {
                await Task.Delay(100, Ct);
            }

            await Task.Delay(500, Ct);
        }

        Assert.Equal(30, receiver.Requests.Count);
    }

    [Fact]
    public void An_event_too_large_for_a_table_property_is_refused_with_the_way_out()
    {
        var items = Enumerable.Range(0, 5000).Select(i => $"第{i}党支部").ToList();

        var refused = Assert.Throws<ArgumentException>(() => OutboxWriter.Entity("p", NotificationTestHost.Event(items: items)));

        Assert.Contains("split its items", refused.Message);
    }
}

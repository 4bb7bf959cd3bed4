using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Signing;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Notifications;
using BranchRating.Testing;

// Deliveries per second to a local receiver, and event-to-delivery latency (outbox commit → receiver), on Azurite.
// Path measured: outbox rows written in table transactions → dispatcher (outbox → fan-out messages) → queue →
// fan-out (delivery records) → delivery messages → signed CloudEvents POST → receiver on 127.0.0.1.
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var subscriptionCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var rate = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0; // events/s written to the outbox; 0 = all at once

Console.WriteLine($"Starting Azurite; {events} events over {subscriptionCount} subscriptions, listener concurrency {concurrency}, " +
    $"{(rate > 0 ? rate + " events/s paced" : "burst (all at once)")}, {Environment.ProcessorCount} cores");
await using var azurite = await Azurite.StartAsync();
var created = new ConcurrentDictionary<string, long>();
var arrived = new ConcurrentDictionary<string, long>();
var requests = 0;
await using var receiver = await WebhookReceiver.StartAsync((request, _) =>
{
    Interlocked.Increment(ref requests);
    arrived.TryAdd(request.Headers["webhook-id"], Stopwatch.GetTimestamp());
    return Task.FromResult((200, ""));
});

await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o =>
{
    o.FanOut.SubscriptionCacheTtl = TimeSpan.FromSeconds(30);
    o.Retry = new BranchRating.Notifications.Delivery.RetryOptions();
});
for (var i = 0; i < subscriptionCount; i++)
{
    await host.SubscribeAsync(new Uri(receiver.Url + "/s" + i), WebhookFormat.CloudEvents, StandardWebhookSigner.NewSecret(), $"/bench/s{i}/");
}

var outbox = host.Storage.Tables.GetTableClient(host.Storage.Names.Outbox);
await using var pump = new QueuePump(host.Queue, (body, n, ct) => host.QueueFunction.HandleAsync(new(Guid.NewGuid().ToString(), body, n, null), ct), concurrency).Start();
using var stop = new CancellationTokenSource();

// The outbox timer, firing every second (as Schedules:DispatchOutbox would, faster).
var dispatcher = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var moved = await host.Dispatcher.DispatchTableAsync(outbox);
        if (moved == 0)
        {
            try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
        }
    }
});

var clock = Stopwatch.StartNew();
var start = Stopwatch.GetTimestamp();
var all = Enumerable.Range(0, events).Select(i => NotificationTestHost.Event(NotificationEventTypes.DeadlineApproaching, $"/bench/s{i % subscriptionCount}/b{i}/")).ToList();
if (rate <= 0)
{
    foreach (var partition in all.GroupBy(e => e.OrganizationPath.Split('/')[2]))
    {
        foreach (var batch in partition.Chunk(100))
        {
            await WriteAsync(partition.Key, batch);
        }
    }
}
else
{
    // Paced: a batch every 100 ms, so the pipeline runs below its capacity and latency is the pipeline's own.
    var perTick = Math.Max(1, rate / 10);
    var tick = 0;
    foreach (var batch in all.Chunk(perTick))
    {
        var due = TimeSpan.FromMilliseconds(100 * tick++);
        if (clock.Elapsed < due)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        foreach (var chunk in batch.Chunk(100))
        {
            await WriteAsync("paced" + (tick % 8), chunk);
        }
    }
}

var written = clock.Elapsed;
Console.WriteLine($"Outbox written in {written.TotalSeconds:0.0} s");
var deadline = DateTime.UtcNow.AddMinutes(15);
while (arrived.Count < events && DateTime.UtcNow < deadline)
{
    await Task.Delay(200);
}

var total = clock.Elapsed;
await stop.CancelAsync();
await dispatcher;
await Task.Delay(2000); // any duplicate would arrive now

var latencies = arrived.Where(a => created.ContainsKey(a.Key))
    .Select(a => Stopwatch.GetElapsedTime(created[a.Key], a.Value).TotalMilliseconds).Order().ToList();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
var firstToLast = Stopwatch.GetElapsedTime(start, arrived.Values.Max());
Console.WriteLine($"Delivered {arrived.Count}/{events} events in {requests} requests (duplicates: {requests - arrived.Count})");
Console.WriteLine($"Wall time from first outbox write to last delivery: {firstToLast.TotalSeconds:0.0} s");
Console.WriteLine($"Throughput: {arrived.Count / firstToLast.TotalSeconds:0} deliveries/s end to end");
Console.WriteLine($"Event-to-delivery latency: p50 {Percentile(0.50):0} ms, p99 {Percentile(0.99):0} ms, max {latencies[^1]:0} ms");
Console.WriteLine($"Queue messages processed: {pump.Processed}, handler errors: {pump.Errors.Count}");
return arrived.Count == events && requests == events ? 0 : 1;

async Task WriteAsync(string partitionKey, NotificationEvent[] batch)
{
    await outbox.SubmitTransactionAsync(batch.Select(e => OutboxWriter.Action(partitionKey, e)));
    var now = Stopwatch.GetTimestamp();
    foreach (var e in batch)
    {
        created[e.Id] = now;
    }
}

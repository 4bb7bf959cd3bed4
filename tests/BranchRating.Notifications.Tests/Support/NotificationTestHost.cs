using Azure.Data.Tables;
using Azure.Storage.Queues;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Notifications.Delivery;
using BranchRating.Functions.Notifications.Timers;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Storage.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Notifications.Tests.Support;

/// <summary>
/// The notification functions wired as the host wires them (AddNotificationFunctions), on Azurite, with tables and a
/// queue of their own per instance so tests run side by side, receivers on 127.0.0.1 allow-listed, and fast retries.
/// </summary>
public sealed class NotificationTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private NotificationTestHost(ServiceProvider services, QueueClient queue)
    {
        _services = services;
        Queue = queue;
    }

    public QueueClient Queue { get; }

    public IServiceProvider Services => _services;

    public NotificationStorage Storage => _services.GetRequiredService<NotificationStorage>();

    public IQueueFunction QueueFunction => _services.GetServices<IQueueFunction>().Single();

    public OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    public NotificationOptions Options => _services.GetRequiredService<IOptions<NotificationOptions>>().Value;

    public static async Task<NotificationTestHost> StartAsync(string connectionString, Action<NotificationOptions>? configure = null, CancellationToken cancellationToken = default, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        var queue = AddServices(services, connectionString, configure);
        var provider = services.BuildServiceProvider();
        var host = new NotificationTestHost(provider, queue);
        await host.Storage.EnsureCreatedAsync(cancellationToken);
        return host;
    }

    /// <summary>Registers the notification functions on storage of their own (tables and queue named for this run).</summary>
    public static QueueClient AddServices(IServiceCollection services, string connectionString, Action<NotificationOptions>? configure = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var queue = NotificationQueue.Create(connectionString, "notify-" + suffix);
        var tables = new TableServiceClient(connectionString);
        services.AddSingleton(new NotificationQueue(queue));
        services.AddSingleton(sp => new NotificationStorage(tables, sp.GetRequiredService<NotificationQueue>(), null,
            new NotificationTableNames("subs" + suffix, "dlv" + suffix, "outbox" + suffix)));
        services.AddNotificationFunctions();
        services.Configure<NotificationOptions>(o =>
        {
            o.Safety.AllowedHosts = ["127.0.0.1"];
            o.Retry.MaxAttempts = 4;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            o.Retry.MinDelay = TimeSpan.Zero;
            o.Sender.RequestTimeout = TimeSpan.FromSeconds(20);
            o.FanOut.SubscriptionCacheTtl = TimeSpan.Zero;
            o.Outbox.Tables = ["outbox" + suffix];
            configure?.Invoke(o);
        });
        return queue;
    }

    /// <summary>A queue pump running this host's queue function (the host's listener in miniature).</summary>
    public QueuePump Pump(int maxConcurrency = 32) =>
        new QueuePump(Queue, (body, dequeueCount, ct) => QueueFunction.HandleAsync(new QueueMessageContext(Guid.NewGuid().ToString(), body, dequeueCount, null), ct), maxConcurrency, TimeSpan.FromSeconds(5)).Start();

    public async Task<SubscriptionRecord> SubscribeAsync(Uri endpoint, WebhookFormat format, string? secret = null, string scope = "/", IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default)
    {
        var subscription = new SubscriptionRecord("sub_" + Guid.NewGuid().ToString("N"), "测试订阅", scope, types ?? NotificationEventTypes.All, endpoint, format, DateTimeOffset.UtcNow);
        await Storage.Subscriptions.CreateAsync(subscription, secret, cancellationToken);
        return subscription;
    }

    /// <summary>Writes events to this host's outbox table (each in its own transaction) and dispatches them.</summary>
    public async Task PublishAsync(IEnumerable<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        var outbox = Storage.Tables.GetTableClient(Storage.Names.Outbox);
        foreach (var batch in events.Chunk(100))
        {
            var actions = batch.Select(e => OutboxWriter.Action("events", e)).ToList();
            await outbox.SubmitTransactionAsync(actions, cancellationToken);
        }

        await Dispatcher.DispatchTableAsync(outbox, cancellationToken);
    }

    public static NotificationEvent Event(string type = NotificationEventTypes.DeadlineApproaching, string path = "/32/3201/b1/", IReadOnlyList<string>? items = null, string? id = null) =>
        new(id ?? "evt_" + Guid.NewGuid().ToString("N"), "/campaigns/c2026", type, "b1", DateTimeOffset.UtcNow, path,
            new NotificationEventData
            {
                CampaignId = "c2026",
                CampaignName = "2026年度基层党组织星级评定",
                StepName = "自评申报",
                OrganizationName = "第一党支部",
                Deadline = new DateTimeOffset(2026, 7, 31, 10, 0, 0, TimeSpan.Zero),
                Items = items,
                Link = "https://branchrating.example.cn/c2026",
            });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Queue.DeleteIfExistsAsync();
            foreach (var name in new[] { Storage.Names.Subscriptions, Storage.Names.Deliveries, Storage.Names.Outbox })
            {
                await Storage.Tables.DeleteTableAsync(name);
            }
        }
        finally
        {
            await _services.DisposeAsync();
        }
    }
}

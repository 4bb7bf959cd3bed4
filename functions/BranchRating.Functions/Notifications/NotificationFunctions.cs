using Azure.Data.Tables;
using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications.Delivery;
using BranchRating.Functions.Notifications.Http;
using BranchRating.Functions.Notifications.Queues;
using BranchRating.Functions.Notifications.Timers;
using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Formats;
using BranchRating.Storage.Notifications;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications;

/// <summary>
/// Registers the notification functions (subscriptions API, outbox fan-out, webhook delivery, outbox timer) with the
/// host. Needs a <see cref="TableServiceClient"/> and a <see cref="QueueServiceClient"/> in the container (the host's);
/// settings come from the <c>Notifications</c> section (<see cref="NotificationOptions"/>).
/// </summary>
public static class NotificationFunctions
{
    public static IServiceCollection AddNotificationFunctions(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            // Queue messages are base64 on the wire, as the queue trigger and the host's listener expect.
            var client = sp.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Queues.Notifications);
            return new NotificationQueue(client);
        });
        services.TryAddSingleton(sp => new NotificationStorage(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<NotificationQueue>(), sp.GetService<ISubscriptionSecretStore>()));
        services.TryAddSingleton(sp => new EndpointGuard(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Safety));
        services.TryAddSingleton(sp => new WebhookSender(sp.GetRequiredService<EndpointGuard>(), sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Sender));
        services.TryAddSingleton(sp => new WebhookFormatters(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Limits));
        services.TryAddSingleton(sp => new RetryPolicy(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Retry));
        services.TryAddSingleton<SubscriptionCache>();
        services.TryAddSingleton<SubscriptionValidator>();
        services.TryAddSingleton<FanOutHandler>();
        services.TryAddSingleton<DeliveryHandler>();
        services.TryAddSingleton<PingSender>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddSingleton<IQueueFunction, NotificationQueueFunction>();
        services.AddSingleton<ITimerFunction, DispatchOutboxFunction>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotificationFunctions(this IEndpointRouteBuilder routes)
    {
        routes.MapSubscriptionsApi();
        return routes;
    }
}

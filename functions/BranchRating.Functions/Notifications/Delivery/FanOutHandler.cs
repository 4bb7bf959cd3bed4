using BranchRating.Notifications.Events;
using BranchRating.Notifications.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Delivery;

/// <summary>
/// Matches a batch of events to subscriptions (scope prefix + event type), creates one delivery record per pair
/// (the idempotency key: a redelivered fan-out message creates nothing twice) and enqueues one delivery message per
/// subscription and chunk of events, so each endpoint is delivered to by its own messages.
/// </summary>
public sealed class FanOutHandler(NotificationStorage storage, SubscriptionCache subscriptions, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<FanOutHandler> logger)
{
    public async Task HandleAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        var all = await subscriptions.GetAsync(cancellationToken);
        var perSubscription = new Dictionary<string, List<NotificationEvent>>();
        foreach (var evt in message.Events)
        {
            foreach (var subscription in all)
            {
                if (subscription.Matches(evt.Type, evt.OrganizationPath))
                {
                    if (!perSubscription.TryGetValue(subscription.Id, out var list))
                    {
                        perSubscription[subscription.Id] = list = [];
                    }

                    list.Add(evt);
                }
            }
        }

        var now = clock.GetUtcNow();
        var chunk = options.Value.FanOut.EventsPerDeliveryMessage;
        await Parallel.ForEachAsync(perSubscription, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            var toEnqueue = await storage.Records.CreateAsync(pair.Key, pair.Value, now, ct);
            foreach (var ids in toEnqueue.Chunk(chunk))
            {
                await storage.Queue.SendAsync(new DeliverMessage(pair.Key, ids), cancellationToken: ct);
            }
        });

        logger.LogInformation("Fanned out {EventCount} events to {SubscriptionCount} subscriptions", message.Events.Count, perSubscription.Count);
    }
}

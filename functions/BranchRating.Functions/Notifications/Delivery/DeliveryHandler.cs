using System.Collections.Concurrent;
using System.Diagnostics;
using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Queue;
using BranchRating.Storage.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Delivery;

/// <summary>
/// Delivers the events of one delivery message to its one subscription. Each event is claimed first (ETag-guarded,
/// so a redelivered message sends nothing twice), rendered and signed at send time, and its parts sent in order
/// (parts already accepted are not resent). A failure that may pass is retried by a new message made invisible for the
/// backoff delay; the last failure, or one that cannot pass, goes to the dead-letter store with its reason. Calls
/// to one endpoint are bounded by the sender's per-endpoint gate and by a time budget, after which the rest of the
/// message is re-queued, so a slow endpoint holds neither the queue nor other endpoints.
/// </summary>
public sealed class DeliveryHandler(
    NotificationStorage storage,
    SubscriptionCache subscriptions,
    WebhookSender sender,
    WebhookFormatters formatters,
    RetryPolicy retries,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<DeliveryHandler> logger)
{
    public async Task HandleAsync(DeliverMessage message, CancellationToken cancellationToken)
    {
        var (subscription, secret) = await subscriptions.GetForDeliveryAsync(message.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            logger.LogInformation("Subscription {SubscriptionId} no longer exists; {Count} deliveries dropped", message.SubscriptionId, message.EventIds.Count);
            return;
        }

        var target = new WebhookTarget(subscription.Endpoint, subscription.Format, secret);
        var formatter = formatters.For(subscription.Format);
        var fanOut = options.Value.FanOut;
        var budget = Stopwatch.StartNew();
        var started = 0;
        var notStarted = new ConcurrentQueue<string>();
        var toRetry = new ConcurrentBag<DeliveryRecord>();
        var retryErrors = new ConcurrentDictionary<string, (int Parts, string Error)>();

        await Parallel.ForEachAsync(message.EventIds.Distinct(), new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Value.Sender.MaxConcurrencyPerEndpoint),
            CancellationToken = cancellationToken,
        }, async (eventId, ct) =>
        {
            // Past the budget, only what was started finishes; the first event always starts, so a message always progresses.
            if (Interlocked.Increment(ref started) > 1 && budget.Elapsed > fanOut.HandlerBudget)
            {
                notStarted.Enqueue(eventId);
                return;
            }

            var claimed = await storage.Records.TryClaimAsync(subscription.Id, eventId, clock.GetUtcNow(), fanOut.DeliveryLease, ct);
            if (claimed is null)
            {
                return; // delivered, dead-lettered, scheduled later or someone else's: a duplicate
            }

            var (parts, failure) = await SendPartsAsync(claimed, target, formatter, ct);
            if (failure is null)
            {
                await storage.Records.CompleteAsync(claimed, DeliveryState.Delivered, parts, null, null, ct);
            }
            else if (failure.Retryable && claimed.Attempts < retries.Options.MaxAttempts)
            {
                toRetry.Add(claimed);
                retryErrors[eventId] = (parts, failure.Error ?? "failed");
            }
            else
            {
                var reason = failure.Retryable
                    ? $"gave up after {claimed.Attempts} attempts; last error: {failure.Error}"
                    : $"not retried: {failure.Error}";
                await storage.DeadLetters.AddAsync(new DeadLetter(subscription.Id, eventId, claimed.Event.Type, reason, claimed.Attempts, clock.GetUtcNow()), ct);
                await storage.Records.CompleteAsync(claimed, DeliveryState.DeadLettered, parts, null, reason, ct);
                logger.LogWarning("Delivery of {EventId} to subscription {SubscriptionId} dead-lettered: {Reason}", eventId, subscription.Id, reason);
            }
        });

        if (!toRetry.IsEmpty)
        {
            // One retry message for the failures of this run, all scheduled at the same instant. The records are marked
            // first: if the message cannot be sent, this handler fails and its redelivered message retries them.
            var delay = retries.NextDelay(toRetry.Max(r => r.Attempts)) ?? retries.Options.MinDelay;
            var at = clock.GetUtcNow() + delay;
            var marked = new List<string>();
            foreach (var record in toRetry)
            {
                var (parts, error) = retryErrors[record.EventId];
                if (await storage.Records.CompleteAsync(record, DeliveryState.Retrying, parts, at, error, cancellationToken) is not null)
                {
                    marked.Add(record.EventId);
                }
            }

            if (marked.Count > 0)
            {
                await storage.Queue.SendAsync(new DeliverMessage(subscription.Id, marked), delay, cancellationToken);
            }
        }

        if (!notStarted.IsEmpty)
        {
            await storage.Queue.SendAsync(new DeliverMessage(subscription.Id, notStarted.ToList()), cancellationToken: cancellationToken);
        }
    }

    private async Task<(int Parts, DeliveryAttemptResult? Failure)> SendPartsAsync(DeliveryRecord claimed, WebhookTarget target, IWebhookFormatter formatter, CancellationToken cancellationToken)
    {
        var requests = formatter.Render(claimed.Event, target, clock.GetUtcNow());
        var delivered = Math.Min(claimed.PartsDelivered, requests.Count);
        for (var part = delivered; part < requests.Count; part++)
        {
            var result = await sender.SendAsync(requests[part], formatter, cancellationToken, target.Endpoint.AbsoluteUri);
            await storage.Log.AppendAsync(new DeliveryLogEntry(claimed.SubscriptionId, claimed.EventId, claimed.Event.Type, claimed.Attempts, part + 1,
                result.Accepted ? "delivered" : result.Retryable ? "failed" : "refused", result.StatusCode, result.Latency.TotalMilliseconds,
                result.Error, clock.GetUtcNow()), cancellationToken);
            if (!result.Accepted)
            {
                return (part, result);
            }
        }

        return (requests.Count, null);
    }
}

using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Storage.Notifications;

namespace BranchRating.Functions.Notifications.Delivery;

/// <summary>Sends a <c>cn.branchrating.ping</c> test event to a subscription now, once, and logs the attempt.</summary>
public sealed class PingSender(NotificationStorage storage, WebhookSender sender, WebhookFormatters formatters, TimeProvider clock)
{
    public async Task<DeliveryAttemptResult> PingAsync(SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var evt = new NotificationEvent("ping_" + Guid.NewGuid().ToString("N"), "/branchrating/notifications", NotificationEventTypes.Ping,
            subscription.Id, now, subscription.Scope, new NotificationEventData
            {
                CampaignName = "连通测试",
                Detail = $"这是一条测试消息：订阅“{subscription.Name}”的地址可以收到党组织星级评定通知。",
            });
        var secret = await storage.Subscriptions.Secrets.GetAsync(subscription.Id, cancellationToken);
        var formatter = formatters.For(subscription.Format);
        var request = formatter.Render(evt, new WebhookTarget(subscription.Endpoint, subscription.Format, secret), now)[0];
        var result = await sender.SendAsync(request, formatter, cancellationToken);
        await storage.Log.AppendAsync(new DeliveryLogEntry(subscription.Id, evt.Id, evt.Type, 1, 1,
            result.Accepted ? "delivered" : result.Retryable ? "failed" : "refused", result.StatusCode, result.Latency.TotalMilliseconds,
            result.Error, clock.GetUtcNow()), cancellationToken);
        return result;
    }
}

using BranchRating.Storage.Notifications;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Delivery;

/// <summary>The subscriptions, read at most once per <see cref="FanOutOptions.SubscriptionCacheTtl"/> for fan-out matching.</summary>
public sealed class SubscriptionCache(NotificationStorage storage, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<SubscriptionRecord>? _cached;
    private DateTimeOffset _readAt;

    public async Task<IReadOnlyList<SubscriptionRecord>> GetAsync(CancellationToken cancellationToken)
    {
        var ttl = options.Value.FanOut.SubscriptionCacheTtl;
        if (_cached is { } hit && clock.GetUtcNow() - _readAt < ttl)
        {
            return hit;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_cached is null || clock.GetUtcNow() - _readAt >= ttl)
            {
                _cached = await storage.Subscriptions.ListAllAsync(cancellationToken);
                _readAt = clock.GetUtcNow();
            }

            return _cached;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forget the cached list (after a subscription is created or deleted in this process).</summary>
    public void Invalidate() => _cached = null;
}

using BranchRating.Storage.Notifications;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Delivery;

/// <summary>The subscriptions, read at most once per <see cref="FanOutOptions.SubscriptionCacheTtl"/> for fan-out matching.</summary>
public sealed class SubscriptionCache(NotificationStorage storage, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<SubscriptionRecord>? _cached;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Secret, DateTimeOffset ReadAt)> _secrets = new();
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

    /// <summary>
    /// One subscription and its secret for delivery: from the cached list when it is there (a subscription deleted
    /// less than a TTL ago may still receive), else read from the store (one created in another process since).
    /// </summary>
    public async Task<(SubscriptionRecord? Subscription, string? Secret)> GetForDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        var subscription = (await GetAsync(cancellationToken)).FirstOrDefault(s => s.Id == id)
            ?? await storage.Subscriptions.GetAsync(id, cancellationToken);
        if (subscription is null)
        {
            return (null, null);
        }

        var ttl = options.Value.FanOut.SubscriptionCacheTtl;
        if (_secrets.TryGetValue(id, out var cached) && clock.GetUtcNow() - cached.ReadAt < ttl)
        {
            return (subscription, cached.Secret);
        }

        var secret = await storage.Subscriptions.Secrets.GetAsync(id, cancellationToken);
        _secrets[id] = (secret, clock.GetUtcNow());
        return (subscription, secret);
    }

    /// <summary>Forget the cached list (after a subscription is created or deleted in this process).</summary>
    public void Invalidate()
    {
        _cached = null;
        _secrets.Clear();
    }
}

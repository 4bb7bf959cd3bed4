using System.Collections.Concurrent;
using BranchRating.Security.Authorization;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Access;

/// <summary>
/// The stored grants of a principal, read at most once per <see cref="AccessGrantOptions.CacheDuration"/> (by its own
/// <see cref="TimeProvider"/>, keyed service <see cref="ClockKey"/> in tests). Absent grants are cached as well, so a
/// caller without any does not cost a table read per request.
/// </summary>
public sealed class AccessGrantCache(AccessGrantStore store, IOptions<AccessGrantOptions> options, TimeProvider time)
{
    public const string ClockKey = "access-grants";

    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, IReadOnlyList<RatingGrant> Grants)> _entries = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<RatingGrant>> GrantsOfAsync(string tenantId, string objectId, CancellationToken cancellationToken = default)
    {
        var key = tenantId + "|" + objectId;
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Grants;
        }

        var grants = (await store.ListAsync(tenantId, objectId, cancellationToken)).Select(g => g.Grant).ToList();
        if (_entries.Count >= options.Value.MaxCachedPrincipals)
        {
            _entries.Clear();
        }

        _entries[key] = (now + options.Value.CacheDuration, grants);
        return grants;
    }
}

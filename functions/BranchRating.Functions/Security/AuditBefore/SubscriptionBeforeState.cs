using BranchRating.Functions.Notifications;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>
/// Deleting a webhook subscription: the subscription as stored, without its signing secret (kept elsewhere, never read)
/// and without the endpoint's query string (which may carry a receiver's key).
/// </summary>
public sealed class SubscriptionBeforeState(NotificationStorage storage) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var id = AuditBeforeStates.Route(http, "id");
        var stored = id is null ? null : await storage.Subscriptions.GetAsync(id, cancellationToken);
        return new(null, stored is null ? null : new { stored.Id, stored.Name, stored.Scope, stored.EventTypes, endpoint = stored.Endpoint.GetLeftPart(UriPartial.Path), stored.Format, stored.CreatedAt });
    }
}

using BranchRating.Notifications.Formats;

namespace BranchRating.Storage.Notifications;

/// <summary>
/// A department's subscription as stored and shown: what it covers (<see cref="Scope"/>, an organization path prefix
/// such as <c>/32/3201/</c>), which event types, where and in which format. It has no secret: secrets live in an
/// <see cref="ISubscriptionSecretStore"/> and are read only by the delivery path.
/// </summary>
public sealed record SubscriptionRecord(
    string Id,
    string Name,
    string Scope,
    IReadOnlyList<string> EventTypes,
    Uri Endpoint,
    WebhookFormat Format,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Whether an event of <paramref name="type"/> about the subtree at <paramref name="organizationPath"/> is for this
    /// subscription: the event is inside the subscription's scope (a branch of the department), or the event covers the
    /// scope (a campaign-wide or region-wide event such as a step opening or results published concerns every department
    /// below it). Sibling subtrees never match.
    /// </summary>
    public bool Matches(string type, string organizationPath) =>
        (organizationPath.StartsWith(Scope, StringComparison.Ordinal) || Scope.StartsWith(organizationPath, StringComparison.Ordinal))
        && EventTypes.Contains(type, StringComparer.Ordinal);
}

using Azure;
using Azure.Data.Tables;
using BranchRating.Notifications.Formats;

namespace BranchRating.Storage.Notifications;

/// <summary>
/// Subscriptions in the <c>subscriptions</c> table, partition <c>subscription</c>, row key = id. Fan-out reads them
/// all through <see cref="ListAllAsync"/> (departments are thousands, not millions; the caller caches the list).
/// </summary>
public sealed class SubscriptionStore(TableClient table, ISubscriptionSecretStore secrets)
{
    private const string Partition = "subscription";

    public ISubscriptionSecretStore Secrets { get; } = secrets;

    /// <summary>Stores the subscription and its secret (the secret first: a subscription never exists without it).</summary>
    public async Task CreateAsync(SubscriptionRecord subscription, string? secret, CancellationToken cancellationToken = default)
    {
        if (secret is not null)
        {
            await Secrets.SaveAsync(subscription.Id, secret, cancellationToken);
        }

        await table.AddEntityAsync(ToEntity(subscription), cancellationToken);
    }

    public async Task<SubscriptionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IReadOnlyList<SubscriptionRecord>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<SubscriptionRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(entity));
        }

        return list;
    }

    /// <summary>Deletes the subscription and its secret; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            // The SDK reports a missing entity as a 404 response, not an exception.
            var response = await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
            if (response.Status == 404)
            {
                return false;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }

        await Secrets.DeleteAsync(id, cancellationToken);
        return true;
    }

    private static TableEntity ToEntity(SubscriptionRecord s) => new(Partition, s.Id)
    {
        ["Name"] = s.Name,
        ["Scope"] = s.Scope,
        ["EventTypes"] = string.Join(' ', s.EventTypes),
        ["Endpoint"] = s.Endpoint.AbsoluteUri,
        ["Format"] = s.Format.Name(),
        ["CreatedAt"] = s.CreatedAt,
    };

    private static SubscriptionRecord FromEntity(TableEntity e)
    {
        WebhookFormats.TryParse(e.GetString("Format"), out var format);
        return new SubscriptionRecord(
            e.RowKey,
            e.GetString("Name") ?? "",
            e.GetString("Scope") ?? "/",
            (e.GetString("EventTypes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            new Uri(e.GetString("Endpoint")!),
            format,
            e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue);
    }
}

using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Notifications;

/// <summary>
/// Where subscription secrets are kept: the seam for Azure Key Vault (one secret per subscription, named by its id).
/// Implementations must never log a secret. The default keeps them in their own partition of the subscriptions
/// table, apart from the records the API lists.
/// </summary>
public interface ISubscriptionSecretStore
{
    Task SaveAsync(string subscriptionId, string secret, CancellationToken cancellationToken = default);

    Task<string?> GetAsync(string subscriptionId, CancellationToken cancellationToken = default);

    Task DeleteAsync(string subscriptionId, CancellationToken cancellationToken = default);
}

public sealed class TableSubscriptionSecretStore(TableClient table) : ISubscriptionSecretStore
{
    private const string Partition = "secret";

    public Task SaveAsync(string subscriptionId, string secret, CancellationToken cancellationToken = default) =>
        table.UpsertEntityAsync(new TableEntity(Partition, subscriptionId) { ["Value"] = secret }, TableUpdateMode.Replace, cancellationToken);

    public async Task<string?> GetAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, subscriptionId, ["Value"], cancellationToken);
        return found.HasValue ? found.Value!.GetString("Value") : null;
    }

    public async Task DeleteAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(Partition, subscriptionId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}

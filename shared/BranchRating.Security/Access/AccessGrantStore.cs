using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using BranchRating.Security.Authorization;

namespace BranchRating.Security.Access;

/// <summary>One stored grant of an Entra ID principal: the grant, who gave it and when.</summary>
public sealed record StoredAccessGrant(RatingGrant Grant, string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>
/// The grants of Entra ID principals (tokens that carry no <c>br_grant</c>), in table <c>accessgrants</c>: partition =
/// tenant id, row = <c>{object id}|{SHA-256 of the grant}</c> (a grant's path holds '/', which a key may not), so one
/// principal's grants are one range query. Tenant and object ids are GUIDs (normalised to lower-case "D" form).
/// </summary>
public sealed class AccessGrantStore(TableClient table)
{
    /// <summary>The canonical form of a tenant or object id, or null when it is not a GUID.</summary>
    public static string? Normalize(string? id) => Guid.TryParse(id, out var guid) ? guid.ToString("D") : null;

    public async Task<IReadOnlyList<StoredAccessGrant>> ListAsync(string tenantId, string objectId, CancellationToken cancellationToken = default)
    {
        var (pk, prefix) = Keys(tenantId, objectId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var list = new List<StoredAccessGrant>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (RatingGrant.TryParse(row.GetString("Grant"), out var grant, out _))
            {
                list.Add(new StoredAccessGrant(grant, row.GetString("GrantedBy") ?? "", row.GetDateTimeOffset("GrantedAt") ?? default));
            }
        }

        return list.OrderBy(g => g.Grant.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>Adds the grant; false when the principal holds it already (kept as it was).</summary>
    public async Task<bool> GrantAsync(string tenantId, string objectId, RatingGrant grant, string grantedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var (pk, prefix) = Keys(tenantId, objectId);
        try
        {
            await table.AddEntityAsync(new TableEntity(pk, prefix + Hash(grant))
            {
                ["ObjectId"] = Normalize(objectId), ["Grant"] = grant.ToString(), ["GrantedBy"] = grantedBy, ["GrantedAt"] = at.ToUniversalTime(),
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Removes the grant; false when the principal did not hold it.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string objectId, RatingGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var (pk, prefix) = Keys(tenantId, objectId);
        try
        {
            // The client answers a missing entity with status 404 instead of throwing.
            return (await table.DeleteEntityAsync(pk, prefix + Hash(grant), ETag.All, cancellationToken)).Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static (string PartitionKey, string RowPrefix) Keys(string tenantId, string objectId) =>
        (Normalize(tenantId) ?? throw new ArgumentException("tenantId: a GUID.", nameof(tenantId)),
         (Normalize(objectId) ?? throw new ArgumentException("objectId: a GUID.", nameof(objectId))) + "|");

    private static string Hash(RatingGrant grant) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grant.ToString())));
}

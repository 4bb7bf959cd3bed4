using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Tables;

/// <summary>The response given to the first request with an idempotency key, replayed to every duplicate.</summary>
public sealed record StoredResponse(int Status, string Body, string RequestHash);

/// <summary>Outcome of an idempotent write: the response to give and whether it is a replay of an earlier request.</summary>
public sealed record IdempotentOutcome(StoredResponse Response, bool Replayed)
{
    /// <summary>The key was used before with a different request body.</summary>
    public bool KeyReusedForAnotherRequest(string requestHash) => Replayed && Response.RequestHash != requestHash;
}

/// <summary>
/// Writes a submission together with its idempotency entity (<c>{code}|idem|{key}</c>, same partition) in one
/// transaction: a duplicate request fails the insert of the idempotency entity, and the first response is replayed.
/// </summary>
public static class IdempotentTransaction
{
    public static string RowKey(string code, string key) => $"{code}|idem|{key}";

    public static async Task<IdempotentOutcome> SubmitAsync(
        TableClient table, string partitionKey, string code, string? key, IReadOnlyList<TableTransactionAction> actions,
        StoredResponse response, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            await TransactionBatches.SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
            return new IdempotentOutcome(response, Replayed: false);
        }

        var idem = new TableEntity(partitionKey, RowKey(code, key))
        {
            ["Status"] = response.Status,
            ["Body"] = response.Body,
            ["RequestHash"] = response.RequestHash,
        };
        var batch = actions.Append(new TableTransactionAction(TableTransactionActionType.Add, idem)).ToList();
        TransactionBatches.Validate(batch);
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return new IdempotentOutcome(response, Replayed: false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // A duplicate (earlier or concurrent) stored its key entity first: replay its response.
            var winner = await FindAsync(table, partitionKey, code, key, cancellationToken).ConfigureAwait(false);
            if (winner is not null)
            {
                return new IdempotentOutcome(winner, Replayed: true);
            }

            throw;
        }
    }

    public static async Task<StoredResponse?> FindAsync(TableClient table, string partitionKey, string code, string key, CancellationToken cancellationToken = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKey(code, key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue
            ? new StoredResponse(found.Value!.GetInt32("Status") ?? 200, found.Value.GetString("Body") ?? "", found.Value.GetString("RequestHash") ?? "")
            : null;
    }
}

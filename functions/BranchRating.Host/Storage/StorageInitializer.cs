using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using BranchRating.Contracts;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Storage;

/// <summary>
/// At startup (before the listeners start), creates every queue of <see cref="StorageNames.Queues"/> with its
/// poison queue and every table of <see cref="StorageNames.Tables"/> when absent (<c>Storage:CreateIfNotExists</c>).
/// </summary>
internal sealed partial class StorageInitializer(
    QueueServiceClient queues,
    TableServiceClient tables,
    IOptions<StorageOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIfNotExists)
        {
            return;
        }

        try
        {
            foreach (var queue in StorageNames.Queues.All)
            {
                await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await queues.GetQueueClient(StorageNames.Queues.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }

            foreach (var table in StorageNames.Tables.All)
            {
                await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
            }
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException(
                $"Could not create the queues and tables in storage ({queues.Uri.GetLeftPart(UriPartial.Authority)}): {e.Status} {e.ErrorCode}. " +
                "Check Storage__* settings and the identity's data roles, or set Storage__CreateIfNotExists=false when infrastructure creates them.", e);
        }

        LogCreated(logger, StorageNames.Queues.All.Count, StorageNames.Tables.All.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Storage ready: {QueueCount} queues (with poison queues) and {TableCount} tables exist")]
    private static partial void LogCreated(ILogger logger, int queueCount, int tableCount);
}

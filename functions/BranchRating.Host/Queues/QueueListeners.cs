using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Functions.Hosting;
using BranchRating.Host.Storage;
using BranchRating.Storage.Queues;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Queues;

/// <summary>
/// The worker role: at start, one <see cref="QueueListener"/> per registered <see cref="IQueueFunction"/> (creating its
/// queue and poison queue when <c>Storage:CreateIfNotExists</c>); at stop, stops them all together.
/// </summary>
public sealed class QueueListeners(
    IServiceScopeFactory scopes,
    QueueServiceClient queues,
    PoisonQueue poison,
    QueueSendSignals signals,
    IOptionsMonitor<QueueFunctionOptions> queueOptions,
    IOptions<StorageOptions> storageOptions,
    ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly List<QueueListener> _listeners = [];

    /// <summary>The listeners started (empty before start).</summary>
    public IReadOnlyList<QueueListener> Listeners => _listeners;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        List<string> names;
        await using (var scope = scopes.CreateAsyncScope())
        {
            names = scope.ServiceProvider.GetServices<IQueueFunction>().Select(f => f.QueueName).ToList();
        }

        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two queue functions listen to queue '{duplicate.Key}'; a queue has exactly one function.");
        }

        for (var index = 0; index < names.Count; index++)
        {
            var queue = queues.GetQueueClient(names[index]);
            if (storageOptions.Value.CreateIfNotExists)
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await queues.GetQueueClient(StorageNames.Queues.Poison(queue.Name)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }

            // Get(name) runs the validator: a wrong setting stops the host with a message naming it.
            var options = queueOptions.Get(queue.Name);
            _listeners.Add(new QueueListener(queue, index, options, scopes, poison, loggers.CreateLogger<QueueListener>(), signals));
        }

        foreach (var listener in _listeners)
        {
            await listener.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_listeners.Select(l => l.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using BranchRating.Functions.Hosting;
using BranchRating.Storage.Queues;

namespace BranchRating.Host.Queues;

/// <summary>
/// The queue trigger of one <see cref="IQueueFunction"/>, as the Azure Functions queue trigger behaves:
/// <list type="bullet">
/// <item>receives up to <see cref="QueueFunctionOptions.BatchSize"/> messages per call, hidden for
/// <see cref="QueueFunctionOptions.VisibilityTimeout"/> (renewed every third of it while a handler runs), and runs at most
/// <see cref="QueueFunctionOptions.MaxConcurrency"/> handlers at once, each in its own DI scope;</item>
/// <item>deletes a message when its handler returns; when it throws, makes the message visible again after
/// <see cref="QueueFunctionOptions.RetryDelay"/>, and after <see cref="QueueFunctionOptions.MaxDequeueCount"/>
/// deliveries moves it to <c>&lt;queue&gt;-poison</c> with the reason (<see cref="PoisonQueue"/>);
/// <see cref="PoisonMessageException"/> moves it there at once;</item>
/// <item>polls an empty queue with a wait doubling from <see cref="QueueFunctionOptions.MinPollingInterval"/>
/// to <see cref="QueueFunctionOptions.MaxPollingInterval"/>; a message sent to the queue by this process
/// (<see cref="QueueSendSignals"/>) ends the wait and the back-off at once;</item>
/// <item>on shutdown stops receiving, lets running handlers finish for <see cref="QueueFunctionOptions.ShutdownGracePeriod"/>,
/// then cancels them and makes their messages visible again at once: nothing is lost.</item>
/// </list>
/// Polling uses the wall clock, not the injected <see cref="TimeProvider"/> (tests may freeze that one).
/// </summary>
public sealed partial class QueueListener : BackgroundService
{
    /// <summary>Longest wait for one storage call made after a handler finished (delete, retry, poison, release).</summary>
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(30);

    private readonly QueueClient _queue;
    private readonly int _functionIndex;
    private readonly QueueFunctionOptions _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly PoisonQueue _poison;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly QueueSendSignals? _signals;
    private TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="queue">The queue, from a client using <see cref="QueueClientDefaults"/>.</param>
    /// <param name="functionIndex">Position of the function among the registered <see cref="IQueueFunction"/> services; resolved per message in a new scope.</param>
    public QueueListener(
        QueueClient queue,
        int functionIndex,
        QueueFunctionOptions options,
        IServiceScopeFactory scopes,
        PoisonQueue poison,
        ILogger<QueueListener> logger,
        QueueSendSignals? signals = null)
    {
        _queue = queue;
        _functionIndex = functionIndex;
        _options = options;
        _scopes = scopes;
        _poison = poison;
        _logger = logger;
        _signals = signals;
    }

    public string QueueName => _queue.Name;

    /// <summary>Handlers running now.</summary>
    public int RunningCount => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        using var handlersStop = new CancellationTokenSource();
        await using var graceful = stoppingToken.Register(() => handlersStop.CancelAfter(_options.ShutdownGracePeriod));
        var idleWait = _options.MinPollingInterval;
        LogStarted(_logger, QueueName, _options.BatchSize, _options.MaxConcurrency);
        if (_signals is not null) _signals.Sent += OnSent;

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var taken = 1;
                while (taken < _options.BatchSize && slots.Wait(0))
                {
                    taken++;
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await _queue.ReceiveMessagesAsync(taken, _options.VisibilityTimeout, stoppingToken)).Value;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    slots.Release(taken);
                    LogReceiveFailed(_logger, e, QueueName, idleWait);
                    await Task.Delay(idleWait, stoppingToken);
                    idleWait = NextIdleWait(idleWait);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    slots.Release(taken);
                    break;
                }

                if (taken > messages.Length)
                {
                    slots.Release(taken - messages.Length);
                }

                if (messages.Length == 0)
                {
                    idleWait = await IdleAsync(idleWait, stoppingToken) ? _options.MinPollingInterval : NextIdleWait(idleWait);
                    continue;
                }

                idleWait = _options.MinPollingInterval;
                foreach (var message in messages)
                {
                    Track(message, slots, handlersStop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: fall through to wait for the running handlers.
        }
        finally
        {
            if (_signals is not null) _signals.Sent -= OnSent;
            if (!_running.IsEmpty)
            {
                LogDraining(_logger, QueueName, _running.Count, _options.ShutdownGracePeriod);
            }

            await Task.WhenAll(_running.Values);
            LogStopped(_logger, QueueName);
        }
    }

    private void Track(QueueMessage message, SemaphoreSlim slots, CancellationToken handlerToken)
    {
        var key = message.MessageId + "/" + message.PopReceipt;
        var task = RunAsync();
        _running[key] = task;
        if (task.IsCompleted)
        {
            _running.TryRemove(key, out _);
        }

        async Task RunAsync()
        {
            await Task.Yield();
            try
            {
                await ProcessAsync(message, handlerToken);
            }
            catch (Exception e)
            {
                LogCompletionFailed(_logger, e, message.MessageId, QueueName);
            }
            finally
            {
                // Release before leaving the running set: once ExecuteAsync no longer sees this task it may dispose the slots.
                slots.Release();
                _running.TryRemove(key, out _);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken handlerToken)
    {
        // Every log line written while this message is handled (the function's too) carries these.
        using var logScope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["Queue"] = QueueName,
            ["MessageId"] = message.MessageId,
            ["DequeueCount"] = message.DequeueCount,
        });
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            // Delivered more often than allowed without a recorded failure: a host stopped or crashed while handling it.
            await MoveToPoisonAsync(message, new MessageLease(message.PopReceipt),
                $"Delivered {message.DequeueCount} times without completing (the host stopped or crashed while handling it).", null);
            return;
        }

        var lease = new MessageLease(message.PopReceipt);
        Exception? failure = null;
        using (var renewal = new CancellationTokenSource())
        {
            var renewing = RenewAsync(message.MessageId, lease, renewal.Token);
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var function = scope.ServiceProvider.GetServices<IQueueFunction>().ElementAt(_functionIndex);
                var context = new QueueMessageContext(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn);
                await function.HandleAsync(context, handlerToken);
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }
        }

        switch (failure)
        {
            case null:
                await DeleteAsync(message, lease);
                break;
            case PoisonMessageException poison:
                LogPoisoned(_logger, message.MessageId, QueueName, poison.Message);
                await MoveToPoisonAsync(message, lease, poison.Message, poison.GetType().FullName);
                break;
            case OperationCanceledException when handlerToken.IsCancellationRequested:
                await ReleaseAsync(message, lease, TimeSpan.Zero);
                LogReleased(_logger, message.MessageId, QueueName);
                break;
            default:
                if (message.DequeueCount >= _options.MaxDequeueCount)
                {
                    LogFailedFinally(_logger, failure, message.MessageId, QueueName, message.DequeueCount);
                    await MoveToPoisonAsync(message, lease, failure.Message, failure.GetType().FullName);
                }
                else
                {
                    LogFailedWillRetry(_logger, failure, message.MessageId, QueueName, message.DequeueCount, _options.MaxDequeueCount, _options.RetryDelay);
                    await ReleaseAsync(message, lease, _options.RetryDelay);
                }

                break;
        }
    }

    /// <summary>
    /// Extends the message's visibility every third of the visibility timeout while its handler runs. Each extension may
    /// wait until the visibility it extends runs out (two thirds of the timeout), not merely <see cref="CompletionTimeout"/>:
    /// an emulator busy with a long query answers late, and an extension abandoned early may still be applied, changing
    /// the pop receipt behind our back, so the message would be lost and delivered again while its handler still runs.
    /// </summary>
    private async Task RenewAsync(string messageId, MessageLease lease, CancellationToken handlerDone)
    {
        var interval = _options.VisibilityTimeout / 3;
        try
        {
            while (true)
            {
                try
                {
                    await Task.Delay(interval, handlerDone);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                // Not cancelled when the handler finishes: an update cut short could change the pop receipt
                // without telling us, and the delete that follows would then fail.
                using var timeout = new CancellationTokenSource(_options.VisibilityTimeout - interval);
                var receipt = await _queue.UpdateMessageAsync(messageId, lease.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: timeout.Token);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            // Lost the message (e.g. its pop receipt expired): another receiver may get it; handlers are idempotent.
            LogRenewFailed(_logger, e, messageId, QueueName);
        }
    }

    private async Task DeleteAsync(QueueMessage message, MessageLease lease)
    {
        using var timeout = new CancellationTokenSource(CompletionTimeout);
        try
        {
            await _queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, timeout.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            LogDeleteLost(_logger, message.MessageId, QueueName);
        }
    }

    private async Task ReleaseAsync(QueueMessage message, MessageLease lease, TimeSpan visibleAfter)
    {
        using var timeout = new CancellationTokenSource(CompletionTimeout);
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: visibleAfter, cancellationToken: timeout.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already visible again to another receiver.
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, MessageLease lease, string reason, string? exceptionType)
    {
        using var timeout = new CancellationTokenSource(CompletionTimeout);
        var current = lease.PopReceipt == message.PopReceipt ? message : QueuesModelFactory.QueueMessage(
            message.MessageId, lease.PopReceipt, message.Body, message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
        var keptReason = await _poison.MoveAsync(_queue, current, reason, exceptionType, timeout.Token);
        if (!keptReason)
        {
            LogReasonNotStored(_logger, message.MessageId, QueueName, reason);
        }
    }

    private void OnSent(string queue)
    {
        if (string.Equals(queue, QueueName, StringComparison.Ordinal))
        {
            _woken.TrySetResult();
        }
    }

    /// <summary>
    /// Waits <paramref name="wait"/> before the next poll of the empty queue, or less when this process sends a message to
    /// it meanwhile (true: poll now and restart the back-off). A send noticed while not idle makes the next wait end at once.
    /// </summary>
    private async Task<bool> IdleAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        var woken = _woken.Task;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, idle.Token);
        if (await Task.WhenAny(delay, woken) == woken)
        {
            _woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await idle.CancelAsync();
            return true;
        }

        await delay; // throws when stopping
        return false;
    }

    private TimeSpan NextIdleWait(TimeSpan current)
    {
        var doubled = current * 2;
        return doubled > _options.MaxPollingInterval ? _options.MaxPollingInterval : doubled;
    }

    private sealed class MessageLease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }

    [LoggerMessage(LogLevel.Information, "Listening to queue {Queue} (batch {BatchSize}, concurrency {MaxConcurrency})")]
    private static partial void LogStarted(ILogger logger, string queue, int batchSize, int maxConcurrency);

    [LoggerMessage(LogLevel.Information, "Stopped listening to queue {Queue}")]
    private static partial void LogStopped(ILogger logger, string queue);

    [LoggerMessage(LogLevel.Information, "Queue {Queue}: waiting for {Count} running handlers (grace period {GracePeriod})")]
    private static partial void LogDraining(ILogger logger, string queue, int count, TimeSpan gracePeriod);

    [LoggerMessage(LogLevel.Warning, "Receiving from queue {Queue} failed; trying again in {Wait}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue, TimeSpan wait);

    [LoggerMessage(LogLevel.Warning, "Message {MessageId} of queue {Queue} failed on delivery {DequeueCount} of {MaxDequeueCount}; visible again in {RetryDelay}")]
    private static partial void LogFailedWillRetry(ILogger logger, Exception exception, string messageId, string queue, long dequeueCount, int maxDequeueCount, TimeSpan retryDelay);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} of queue {Queue} failed on delivery {DequeueCount}, the last allowed; moved to the poison queue")]
    private static partial void LogFailedFinally(ILogger logger, Exception exception, string messageId, string queue, long dequeueCount);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} of queue {Queue} cannot be processed and was moved to the poison queue: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(LogLevel.Information, "Message {MessageId} of queue {Queue} was released unfinished at shutdown; it is visible again")]
    private static partial void LogReleased(ILogger logger, string messageId, string queue);

    [LoggerMessage(LogLevel.Warning, "Message {MessageId} of queue {Queue} was handled but could not be deleted (its pop receipt expired); it will be delivered again")]
    private static partial void LogDeleteLost(ILogger logger, string messageId, string queue);

    [LoggerMessage(LogLevel.Warning, "Could not extend the visibility of message {MessageId} of queue {Queue}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(LogLevel.Error, "Could not complete message {MessageId} of queue {Queue}; it becomes visible again after its visibility timeout")]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} of queue {Queue} was too large to keep its reason in the poison queue; reason: {Reason}")]
    private static partial void LogReasonNotStored(ILogger logger, string messageId, string queue, string reason);
}

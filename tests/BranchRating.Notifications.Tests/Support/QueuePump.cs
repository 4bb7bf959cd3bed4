using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace BranchRating.Notifications.Tests.Support;

/// <summary>
/// Plays the host's queue listener for tests and the benchmark: receives in batches, runs each message's handler
/// concurrently (up to <c>maxConcurrency</c>), deletes it on success, leaves it to reappear after the visibility
/// timeout on failure (at-least-once, like the real trigger).
/// </summary>
public sealed class QueuePump : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly Func<string, long, CancellationToken, Task> _handle;
    private readonly int _maxConcurrency;
    private readonly TimeSpan _visibility;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Exception> _errors = [];
    private Task? _loop;
    private int _inFlight;
    private int _processed;

    public QueuePump(QueueClient queue, Func<string, long, CancellationToken, Task> handle, int maxConcurrency = 32, TimeSpan? visibility = null)
    {
        _queue = queue;
        _handle = handle;
        _maxConcurrency = maxConcurrency;
        _visibility = visibility ?? TimeSpan.FromSeconds(30);
    }

    public int Processed => _processed;

    public IReadOnlyCollection<Exception> Errors => _errors;

    public QueuePump Start()
    {
        _loop = Task.Run(LoopAsync);
        return this;
    }

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var room = _maxConcurrency - Volatile.Read(ref _inFlight);
            if (room <= 0)
            {
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            Azure.Storage.Queues.Models.QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(Math.Min(32, room), _visibility, token)).Value;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (messages.Length == 0)
            {
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            foreach (var message in messages)
            {
                Interlocked.Increment(ref _inFlight);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await _handle(message.MessageText, message.DequeueCount, token);
                        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                        Interlocked.Increment(ref _processed);
                    }
                    catch (Exception e)
                    {
                        _errors.Add(e);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }
                }, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}

namespace BranchRating.Functions.Hosting;

/// <summary>
/// A queue-triggered function: one class, one queue. The host's listener (or, later, the Azure Functions
/// isolated worker) receives messages in batches, decodes base64, calls <see cref="HandleAsync"/>, deletes the
/// message on success, lets it reappear after the visibility timeout on an exception, and moves it to
/// <c>&lt;queue&gt;-poison</c> with the reason after <see cref="QueueFunctionOptions.MaxDequeueCount"/> tries.
/// Handlers must be idempotent: delivery is at least once.
/// </summary>
public interface IQueueFunction
{
    /// <summary>The queue this function listens to (see <c>BranchRating.Contracts.StorageNames</c>).</summary>
    string QueueName { get; }

    Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken);
}

/// <summary>What a queue function receives: the decoded body and the delivery facts of the Functions queue trigger.</summary>
public sealed record QueueMessageContext(
    string MessageId,
    string Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn);

/// <summary>
/// Thrown by a queue function for a message that can never be processed (malformed, unknown version…):
/// the listener moves it to the poison queue at once with <see cref="Exception.Message"/> as the reason,
/// instead of retrying it.
/// </summary>
public sealed class PoisonMessageException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// How the host's listener receives one queue. Named options keyed by the queue name: the host binds
/// configuration section <c>Queues:Defaults</c> and then <c>Queues:&lt;queue&gt;</c> (env <c>Queues__ranking__BatchSize</c>);
/// a function may also set its own defaults with
/// <c>services.Configure&lt;QueueFunctionOptions&gt;(StorageNames.Queues.Ranking, o =&gt; o.BatchSize = 4)</c>.
/// </summary>
public sealed class QueueFunctionOptions
{
    /// <summary>As the Functions queue trigger: after this many deliveries a failing message goes to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages received per call (1–32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Most messages of this queue handled at once by one listener (bounded concurrency; ≥ 1).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>How long a received message stays invisible to other listeners while it is processed (renewed every third of it while the handler runs; each renewal may wait for the rest of the visibility it extends).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>After a failed delivery, how long the message stays invisible before it is delivered again (the Functions <c>visibilityTimeout</c> setting).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest wait between polls of an empty queue; the wait doubles on each empty poll up to <see cref="MaxPollingInterval"/>.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between polls of an empty queue (backs off from <see cref="MinPollingInterval"/> up to this).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On shutdown, how long running handlers may go on before their cancellation token is cancelled. Messages
    /// not finished by then are made visible again at once (nothing is lost; handlers are idempotent).
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A timer-triggered function: one class, one schedule. The schedule is a six-field cron expression (with
/// seconds, UTC) read from configuration key <see cref="ScheduleSetting"/>, as <c>%TIMER_SCHEDULE%</c> in Functions.
/// Timers may fire twice or late: the function must be idempotent.
/// </summary>
public interface ITimerFunction
{
    string Name { get; }

    /// <summary>Configuration key of the cron schedule, e.g. <c>Schedules:CloseDueSteps</c>.</summary>
    string ScheduleSetting { get; }

    Task RunAsync(TimerContext timer, CancellationToken cancellationToken);
}

/// <summary>When the occurrence was due, when it actually ran, and whether it is past due (as <c>TimerInfo.IsPastDue</c>).</summary>
public sealed record TimerContext(DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, bool IsPastDue);

using BranchRating.Functions.Hosting;
using BranchRating.Host.Hosting;
using Cronos;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Timers;

/// <summary>
/// The scheduler role: runs every registered <see cref="ITimerFunction"/> on the six-field cron schedule (seconds
/// first, UTC) read from configuration key <see cref="ITimerFunction.ScheduleSetting"/>, on the injected
/// <see cref="TimeProvider"/>. Per timer one run at a time, each in its own DI scope. A run that starts later than
/// <see cref="SchedulerOptions.PastDueTolerance"/> after its occurrence is reported with <see cref="TimerContext.IsPastDue"/>;
/// occurrences missed meanwhile (a long run, a paused process) collapse into that one late run, as the Functions
/// timer trigger does. An exception is logged and the next occurrence runs as usual.
/// With <see cref="SchedulerOptions.RunOnce"/> (a Container Apps job on a cron trigger) it runs each timer that has an
/// occurrence within the last <see cref="SchedulerOptions.RunOnceWindow"/> once, then stops the process.
/// </summary>
public sealed partial class CronScheduler(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    IOptions<SchedulerOptions> options,
    IHostApplicationLifetime lifetime,
    HostExitCode exitCode,
    ILogger<CronScheduler> logger) : BackgroundService
{
    /// <summary>Longest single wait; longer waits are cut so that Task.Delay's limit (~49 days) is never reached.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly List<ScheduledTimer> _timers = [];

    /// <summary>The timers and their schedules (empty before start).</summary>
    public IReadOnlyList<ScheduledTimer> Timers => _timers;

    /// <summary>Reads and checks every schedule (a missing or invalid one stops the host with its setting named) and fixes the start instant.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var index = 0;
            foreach (var timer in scope.ServiceProvider.GetServices<ITimerFunction>())
            {
                _timers.Add(new ScheduledTimer(index++, timer.Name, timer.ScheduleSetting, ParseSchedule(timer)));
            }
        }

        var start = time.GetUtcNow();
        foreach (var timer in _timers)
        {
            timer.Last = start;
            LogScheduled(logger, timer.Name, timer.Schedule.ToString(), timer.Schedule.GetNextOccurrence(start, TimeZoneInfo.Utc));
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.RunOnce
        ? RunDueTimersOnceAsync(stoppingToken)
        : Task.WhenAll(_timers.Select(t => RunTimerAsync(t, stoppingToken)));

    private async Task RunDueTimersOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Stopping the application while it is still starting would abort the start (and crash the process).
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            var now = time.GetUtcNow();
            var window = options.Value.RunOnceWindow;
            await Task.WhenAll(_timers.Select(async timer =>
            {
                var due = timer.Schedule.GetOccurrences(now - window, now, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true).ToList();
                if (due.Count == 0)
                {
                    LogNotDue(logger, timer.Name, window);
                    return;
                }

                var context = new TimerContext(due[^1], now, now - due[^1] > options.Value.PastDueTolerance);
                await InvokeAsync(timer, context, stoppingToken);
                timer.Last = due[^1];
            }));

            if (_timers.Any(t => t.Failures > 0))
            {
                exitCode.Fail();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            exitCode.Fail();
        }
        finally
        {
            LogRunOnceDone(logger, _timers.Sum(t => t.Runs), _timers.Sum(t => t.Failures));
            lifetime.StopApplication();
        }
    }

    private async Task RunTimerAsync(ScheduledTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (timer.Schedule.GetNextOccurrence(timer.Last, TimeZoneInfo.Utc) is not { } next)
                {
                    LogNoMoreOccurrences(logger, timer.Name);
                    return;
                }

                TimeSpan wait;
                while ((wait = next - time.GetUtcNow()) > TimeSpan.Zero)
                {
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, time, stoppingToken);
                }

                var started = time.GetUtcNow();
                var scheduled = timer.Schedule.GetOccurrences(next, started, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
                    .DefaultIfEmpty(next).Last();
                var context = new TimerContext(scheduled, started, started - scheduled > options.Value.PastDueTolerance);
                await InvokeAsync(timer, context, stoppingToken);
                timer.Last = scheduled;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task InvokeAsync(ScheduledTimer timer, TimerContext context, CancellationToken stoppingToken)
    {
        LogRunning(logger, timer.Name, context.ScheduledFor, context.IsPastDue);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var function = scope.ServiceProvider.GetServices<ITimerFunction>().ElementAt(timer.Index);
            await function.RunAsync(context, stoppingToken);
            timer.Runs++;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            timer.Failures++;
            LogFailed(logger, e, timer.Name, context.ScheduledFor);
        }
    }

    private CronExpression ParseSchedule(ITimerFunction timer)
    {
        var environmentVariable = timer.ScheduleSetting.Replace(":", "__", StringComparison.Ordinal);
        var expression = configuration[timer.ScheduleSetting];
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new InvalidOperationException(
                $"Timer '{timer.Name}' has no schedule: set '{timer.ScheduleSetting}' (env {environmentVariable}) to a six-field cron expression " +
                "(second minute hour day month weekday, UTC), e.g. '0 */5 * * * *'.");
        }

        try
        {
            return CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException(
                $"Timer '{timer.Name}': '{timer.ScheduleSetting}' (env {environmentVariable}) = '{expression}' is not a six-field cron expression " +
                $"(second minute hour day month weekday, UTC): {e.Message}", e);
        }
    }

    /// <summary>One timer function and its schedule; <see cref="Runs"/> and <see cref="Failures"/> count completed invocations.</summary>
    public sealed class ScheduledTimer(int index, string name, string scheduleSetting, CronExpression schedule)
    {
        internal int Index { get; } = index;

        public string Name { get; } = name;

        public string ScheduleSetting { get; } = scheduleSetting;

        public CronExpression Schedule { get; } = schedule;

        /// <summary>The last occurrence run (or the start instant).</summary>
        public DateTimeOffset Last { get; internal set; }

        public int Runs { get; internal set; }

        public int Failures { get; internal set; }
    }

    [LoggerMessage(LogLevel.Information, "Timer {Timer} scheduled '{Schedule}' (UTC); next at {Next}")]
    private static partial void LogScheduled(ILogger logger, string timer, string schedule, DateTimeOffset? next);

    [LoggerMessage(LogLevel.Information, "Timer {Timer} running for {ScheduledFor} (past due: {IsPastDue})")]
    private static partial void LogRunning(ILogger logger, string timer, DateTimeOffset scheduledFor, bool isPastDue);

    [LoggerMessage(LogLevel.Error, "Timer {Timer} failed for {ScheduledFor}; it runs again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, Exception exception, string timer, DateTimeOffset scheduledFor);

    [LoggerMessage(LogLevel.Information, "Timer {Timer} is not due (no occurrence within the last {Window})")]
    private static partial void LogNotDue(ILogger logger, string timer, TimeSpan window);

    [LoggerMessage(LogLevel.Information, "Run-once scheduler done: {Runs} timers ran, {Failures} failed; stopping")]
    private static partial void LogRunOnceDone(ILogger logger, int runs, int failures);

    [LoggerMessage(LogLevel.Warning, "Timer {Timer} has no further occurrence")]
    private static partial void LogNoMoreOccurrences(ILogger logger, string timer);
}

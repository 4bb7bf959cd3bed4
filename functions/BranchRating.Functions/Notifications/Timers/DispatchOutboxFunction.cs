using BranchRating.Functions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Notifications.Timers;

/// <summary>
/// Timer: sweeps the outbox tables (<c>Notifications:Outbox:Tables</c>) and dispatches undispatched events. Schedule in
/// <c>Schedules:DispatchOutbox</c> (e.g. <c>*/15 * * * * *</c>). Firing twice or late is harmless (see <see cref="OutboxDispatcher"/>).
/// </summary>
public sealed class DispatchOutboxFunction(NotificationStorage storage, OutboxDispatcher dispatcher, IOptions<NotificationOptions> options, ILogger<DispatchOutboxFunction> logger) : ITimerFunction
{
    public string Name => "DispatchOutbox";

    public string ScheduleSetting => "Schedules:DispatchOutbox";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        foreach (var name in options.Value.Outbox.Tables)
        {
            var table = storage.Tables.GetTableClient(name);
            int dispatched;
            var total = 0;
            do
            {
                dispatched = await dispatcher.DispatchTableAsync(table, cancellationToken);
                total += dispatched;
            }
            while (dispatched >= options.Value.Outbox.MaxPerSweep && !cancellationToken.IsCancellationRequested);

            if (total > 0)
            {
                logger.LogInformation("Dispatched {Count} outbox events from table {Table} (scheduled {ScheduledFor})", total, name, timer.ScheduledFor);
            }
        }
    }
}

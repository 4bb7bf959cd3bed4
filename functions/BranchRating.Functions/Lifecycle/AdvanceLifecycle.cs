using BranchRating.Functions.Hosting;
using BranchRating.Storage.Lifecycle;
using Microsoft.Extensions.Logging;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// Timer function (<c>Schedules:AdvanceLifecycle</c>): for every campaign with a step not yet reported or a notice
/// not yet ended, opens due steps, sends due reminders, reports what is missing at each close and the end of the
/// notice. Safe when fired twice or late: every change is ETag-conditional and its events have stable ids.
/// </summary>
public sealed class AdvanceLifecycle(LifecycleStore lifecycle, LifecycleAdvancer advancer, ILogger<AdvanceLifecycle> logger) : ITimerFunction
{
    public string Name => nameof(AdvanceLifecycle);

    public string ScheduleSetting => "Schedules:AdvanceLifecycle";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        foreach (var campaignId in await lifecycle.FindActiveCampaignsAsync(cancellationToken))
        {
            try
            {
                await advancer.AdvanceAsync(campaignId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One campaign's failure must not stop the others; the next run retries it.
                logger.LogError(e, "Advancing the lifecycle of campaign {Campaign} failed", campaignId);
            }
        }
    }
}

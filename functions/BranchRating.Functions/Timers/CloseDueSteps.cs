using BranchRating.Functions.Hosting;
using BranchRating.Functions.Operations;
using BranchRating.Storage.Campaigns;
using Microsoft.Extensions.Logging;

namespace BranchRating.Functions.Timers;

/// <summary>
/// Timer function (<c>Schedules:CloseDueSteps</c>): closes every open step whose deadline has passed, each exactly
/// once (ETag-conditional; safe when fired twice or late — a late run closes at its own time, the deadline already
/// refused submissions). A closed final step starts the publication; a publication whose queueing was interrupted
/// is queued again.
/// </summary>
public sealed class CloseDueSteps(CampaignStore campaigns, Publications publications, TimeProvider time, ILogger<CloseDueSteps> logger) : ITimerFunction
{
    public string Name => nameof(CloseDueSteps);

    public string ScheduleSetting => "Schedules:CloseDueSteps";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        foreach (var step in await campaigns.FindDueStepsAsync(time.GetUtcNow(), cancellationToken))
        {
            var campaign = await campaigns.GetAsync(step.CampaignId, cancellationToken);
            if (campaign is null) continue;
            var (closed, operation) = await publications.CloseAsync(campaign, step, timer.IsPastDue ? "deadline passed; timer ran late" : "deadline passed", cancellationToken);
            if (closed)
            {
                logger.LogInformation("Closed step {Step} of campaign {Campaign} (deadline {Deadline}); operation {Operation}", step.Kind, step.CampaignId, step.Deadline, operation?.Id);
            }
        }

        foreach (var (step, operationId, version) in await campaigns.FindUnqueuedPublicationsAsync(cancellationToken))
        {
            var campaign = await campaigns.GetAsync(step.CampaignId, cancellationToken);
            if (campaign is null) continue;
            await publications.EnqueueAsync(step.CampaignId, operationId, version, campaign.Campaign.Buckets, cancellationToken);
            await campaigns.MarkPublicationQueuedAsync(step.CampaignId, step.Order, cancellationToken);
            logger.LogWarning("Queued again the interrupted publication {Operation} of campaign {Campaign}", operationId, step.CampaignId);
        }
    }
}

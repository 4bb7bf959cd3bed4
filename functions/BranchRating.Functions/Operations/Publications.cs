using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Operations;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Queues;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Operations;

/// <summary>
/// Starts publications: allocates a version, records the operation, closes the final step (ETag: exactly once) and
/// queues one <c>score-bucket</c> message per partition bucket, delayed by the settle delay so that every submission
/// accepted before the close is stored before it is read.
/// </summary>
public sealed class Publications(CampaignStore campaigns, OperationStore operations, MessageQueue queue, TimeProvider time, IOptions<PipelineOptions> options)
{
    public static string StatusUrl(string campaignId, string operationId) => $"/api/v1/campaigns/{campaignId}/operations/{operationId}";

    public async Task<OperationRecord> CreateAsync(CampaignSnapshot campaign, string kind, string detail, CancellationToken cancellationToken)
    {
        var version = await campaigns.NextVersionAsync(campaign.Campaign.Id, cancellationToken);
        var operation = new OperationRecord(campaign.Campaign.Id, Guid.NewGuid().ToString("N"), kind, OperationStatuses.Queued, 0, campaign.Campaign.Buckets,
            version, detail, time.GetUtcNow(), null);
        await operations.CreateAsync(operation, cancellationToken);
        return operation;
    }

    public async Task EnqueueAsync(string campaignId, string operationId, long version, int buckets, CancellationToken cancellationToken)
    {
        // Sent together: the buckets are scored in parallel anyway, and the close answers sooner.
        await Task.WhenAll(Enumerable.Range(0, buckets).Select(bucket => queue.SendAsync(StorageNames.Queues.Ranking,
            new RankingMessage(RankingMessage.Version1, RankingMessage.ScoreBucket, campaignId, operationId, version, bucket),
            options.Value.SettleDelay, cancellationToken)));
    }

    /// <summary>True when closing <paramref name="step"/> leaves only the final step open: no more self-assessments, ballots or reviews.</summary>
    private static bool LastInputStep(CampaignSnapshot campaign, StepRecord step) =>
        campaign.Steps.Any(s => s.Final) && campaign.Steps.All(s => s.Final || s.Order == step.Order || s.State == StepRecord.Closed);

    /// <summary>
    /// Scores every bucket once the last input step has closed (after the settle delay, like a publication), so that the
    /// final close only scores again what changed since (adjustments, roster changes) before it ranks and writes.
    /// </summary>
    private async Task<OperationRecord> ScoreAheadAsync(CampaignSnapshot campaign, StepRecord step, string reason, CancellationToken cancellationToken)
    {
        var c = campaign.Campaign;
        var operation = new OperationRecord(c.Id, Guid.NewGuid().ToString("N"), OperationKinds.Score, OperationStatuses.Queued, 0, c.Buckets, null,
            $"Closed step '{step.Kind}' ({reason}), the last input step; scoring every organization ahead of the determination.", time.GetUtcNow(), null);
        await operations.CreateAsync(operation, cancellationToken);
        await EnqueueAsync(c.Id, operation.Id, 0, c.Buckets, cancellationToken);
        return operation;
    }

    /// <summary>Closes <paramref name="step"/>; a final step starts the publication. Null operation when another caller closed it first.</summary>
    public async Task<(bool Closed, OperationRecord? Operation)> CloseAsync(CampaignSnapshot campaign, StepRecord step, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!step.Final)
        {
            if (!await campaigns.TryCloseStepAsync(step, now, cancellationToken: cancellationToken)) return (false, null);
            var closed = new OperationRecord(campaign.Campaign.Id, Guid.NewGuid().ToString("N"), OperationKinds.CloseStep, OperationStatuses.Completed, 1, 1, null,
                $"Closed step '{step.Kind}' ({reason}).", now, now);
            await operations.CreateAsync(closed, cancellationToken);
            // Read again: steps closed a moment ago by another caller (or earlier in the same timer run) count as closed.
            var current = await campaigns.GetAsync(campaign.Campaign.Id, cancellationToken) ?? campaign;
            return (true, LastInputStep(current, step) ? await ScoreAheadAsync(current, step, reason, cancellationToken) : closed);
        }

        var operation = await CreateAsync(campaign, OperationKinds.Publish, $"Closed final step '{step.Kind}' ({reason}); publishing.", cancellationToken);
        if (!await campaigns.TryCloseStepAsync(step, now, operation.Id, operation.Version, cancellationToken))
        {
            await operations.UpdateAsync(campaign.Campaign.Id, operation.Id, OperationStatuses.Failed, detail: "The step was closed by another caller; that close publishes.", completedAt: now, cancellationToken: cancellationToken);
            return (false, null);
        }

        await EnqueueAsync(campaign.Campaign.Id, operation.Id, operation.Version!.Value, campaign.Campaign.Buckets, cancellationToken);
        await campaigns.MarkPublicationQueuedAsync(campaign.Campaign.Id, step.Order, cancellationToken);
        return (true, operation);
    }
}

using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Queues;

/// <summary>
/// Queue function on <c>ranking</c>, two stages of one publication. <c>score-bucket</c>: rescore one partition bucket,
/// mark it done (idempotent marker); of the messages that see every bucket done, the one that claims the rank stage
/// (<see cref="OperationStore.TryClaimAsync"/>) queues <c>rank</c>, so a publication ranks and writes once. <c>rank</c>: rank
/// all scores, write the version in ≤ 100-entity transactions per partition, then flip the pointer (readers switch at once).
/// A scoring ahead (kind <c>score</c>, at the last input close) claims <c>prepare</c> instead once its buckets are done:
/// rank and write a version without publishing it (<see cref="Publisher.PrepareAsync"/>), then complete.
/// </summary>
public sealed partial class RankAndPublish(
    CampaignStore campaigns, OperationStore operations, SubjectScorer scorer, Publisher publisher, MessageQueue queue, TimeProvider time,
    IOptions<PipelineOptions> options, ILogger<RankAndPublish> logger) : IQueueFunction
{
    public string QueueName => StorageNames.Queues.Ranking;

    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var body = QueueMessages.Parse<RankingMessage>(message.Body);
        if (body.V != RankingMessage.Version1) throw new PoisonMessageException($"Unknown message version {body.V}; this worker reads version {RankingMessage.Version1}.");
        var campaign = await campaigns.GetAsync(body.CampaignId, cancellationToken)
            ?? throw new PoisonMessageException($"Campaign '{body.CampaignId}' does not exist.");
        var operation = await operations.GetAsync(body.CampaignId, body.OperationId, cancellationToken)
            ?? throw new PoisonMessageException($"Operation '{body.OperationId}' does not exist.");
        if (operation.Status is OperationStatuses.Completed)
        {
            return; // a late duplicate of a finished publication
        }

        LogReceived(logger, body.Stage, body.Bucket, body.OperationId, message.DequeueCount);
        switch (body.Stage)
        {
            case RankingMessage.ScoreBucket when body.Bucket is { } bucket && bucket >= 0 && bucket < campaign.Campaign.Buckets:
                // A publication scores again only what changed since the bucket was scored ahead; a recompute or re-rating
                // (asked for because something is thought wrong) and the scoring ahead itself score the bucket whole. A
                // redelivery of a bucket already marked finished does not score it again (a second whole scoring would
                // overlap nothing useful and leave the bucket's mark stale); it counts and claims as the first did.
                if (!await operations.IsPartCompleteAsync(body.CampaignId, body.OperationId, bucket, cancellationToken))
                {
                    await scorer.RefreshBucketAsync(body.CampaignId, campaign.Campaign.SchemeJson, campaign.Campaign.Buckets, bucket, RatingDate.Of(campaign),
                        incremental: operation.Kind == OperationKinds.Publish, inputStepsClosed: InputStepsClosedBefore(campaign, operation.CreatedAt), cancellationToken);
                }

                var done = await operations.CompletePartAsync(body.CampaignId, body.OperationId, bucket, cancellationToken);
                if (operation.Kind == OperationKinds.Score)
                {
                    if (done < operation.Total) break;
                    if (!options.Value.PrepareAhead)
                    {
                        await CompleteScoringAheadAsync(body, done, "", cancellationToken);
                    }
                    else if (campaign.FinalStepClosed)
                    {
                        // The final close came first (e.g. every deadline passed at once): its publication ranks and writes.
                        await CompleteScoringAheadAsync(body, done, " " + Publisher.NotPreparedAfterFinalClose, cancellationToken);
                    }
                    else if (await operations.TryClaimAsync(body.CampaignId, body.OperationId, RankingMessage.Prepare, $"bucket {bucket}", cancellationToken))
                    {
                        await queue.SendAsync(StorageNames.Queues.Ranking, body with { Stage = RankingMessage.Prepare, Bucket = null }, cancellationToken: cancellationToken);
                    }

                    break;
                }

                // Buckets finishing together all see every marker: only the one that claims the rank stage queues it (one
                // full publication, not one per bucket finishing last); its redelivery queues it again if it stopped here.
                if (done >= operation.Total
                    && await operations.TryClaimAsync(body.CampaignId, body.OperationId, RankingMessage.Rank, $"bucket {bucket}", cancellationToken))
                {
                    await queue.SendAsync(StorageNames.Queues.Ranking, body with { Stage = RankingMessage.Rank, Bucket = null }, cancellationToken: cancellationToken);
                }

                break;
            case RankingMessage.Rank:
                await publisher.PublishAsync(campaign, operation, cancellationToken);
                break;
            case RankingMessage.Prepare when operation.Kind == OperationKinds.Score:
                await CompleteScoringAheadAsync(body, operation.Total, " " + await publisher.PrepareAsync(campaign, cancellationToken), cancellationToken);
                break;
            default:
                throw new PoisonMessageException($"Unknown stage '{body.Stage}' or bucket {body.Bucket} outside 0–{campaign.Campaign.Buckets - 1}.");
        }
    }

    private Task CompleteScoringAheadAsync(RankingMessage body, int buckets, string prepared, CancellationToken cancellationToken) =>
        operations.UpdateAsync(body.CampaignId, body.OperationId, OperationStatuses.Completed, done: buckets,
            detail: $"Scored {buckets} buckets ahead of the determination.{prepared}", completedAt: time.GetUtcNow(), cancellationToken: cancellationToken);

    /// <summary>True when the campaign has a final step and every other step had stopped taking submissions by <paramref name="instant"/>.</summary>
    private static bool InputStepsClosedBefore(CampaignSnapshot campaign, DateTimeOffset instant) =>
        campaign.Steps.Any(s => s.Final)
        && campaign.Steps.All(s => s.Final || (s.State == StepRecord.Closed && (s.ClosedAt is { } c && c < s.Deadline ? c : s.Deadline) <= instant));

    [LoggerMessage(LogLevel.Information, "Ranking message {Stage} (bucket {Bucket}) of operation {Operation}, delivery {DequeueCount}")]
    private static partial void LogReceived(ILogger logger, string stage, int? bucket, string operation, long dequeueCount);
}

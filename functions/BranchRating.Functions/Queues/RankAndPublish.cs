using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Queues;

namespace BranchRating.Functions.Queues;

/// <summary>
/// Queue function on <c>ranking</c>, two stages of one publication. <c>score-bucket</c>: rescore one partition bucket,
/// mark it done (idempotent marker); the message that completes the last bucket queues <c>rank</c>. <c>rank</c>: rank
/// all scores, write the version in ≤ 100-entity transactions per partition, then flip the pointer (readers switch at once).
/// </summary>
public sealed class RankAndPublish(CampaignStore campaigns, OperationStore operations, SubjectScorer scorer, Publisher publisher, MessageQueue queue) : IQueueFunction
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

        switch (body.Stage)
        {
            case RankingMessage.ScoreBucket when body.Bucket is { } bucket && bucket >= 0 && bucket < campaign.Campaign.Buckets:
                await scorer.ScoreBucketAsync(body.CampaignId, campaign.Campaign.SchemeJson, campaign.Campaign.Buckets, bucket, RatingDate.Of(campaign), cancellationToken);
                var done = await operations.CompletePartAsync(body.CampaignId, body.OperationId, bucket, cancellationToken);
                if (done >= operation.Total)
                {
                    await queue.SendAsync(StorageNames.Queues.Ranking, body with { Stage = RankingMessage.Rank, Bucket = null }, cancellationToken: cancellationToken);
                }

                break;
            case RankingMessage.Rank:
                await publisher.PublishAsync(campaign, operation, cancellationToken);
                break;
            default:
                throw new PoisonMessageException($"Unknown stage '{body.Stage}' or bucket {body.Bucket} outside 0–{campaign.Campaign.Buckets - 1}.");
        }
    }
}

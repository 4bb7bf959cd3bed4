using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Operations;
using BranchRating.Functions.Queues;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Queues;
using BranchRating.Storage.Scores;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>
/// The rank stage of a publication is queued once, however the score-bucket messages interleave: buckets finishing
/// together all count every marker, and each used to queue its own full ranking and write of the version.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RankStageTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Buckets_finishing_together_queue_one_rank_stage_and_a_redelivery_of_the_winner_queues_it_again()
    {
        // No worker: this test delivers the ranking messages itself, all buckets at once.
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, roles: "api");
        var c = await SmallCampaign.CreateAsync(host, "rank-once", organizations: 24);
        var campaign = (await host.Services.GetRequiredService<CampaignStore>().GetAsync(c.Id, Ct))!;
        var operation = await host.Services.GetRequiredService<Publications>().CreateAsync(campaign, OperationKinds.Recompute, "test", Ct);
        var function = host.Services.GetServices<IQueueFunction>().OfType<RankAndPublish>().Single();
        var buckets = campaign.Campaign.Buckets;
        Assert.True(buckets >= 8, "enough buckets to finish together");

        Task Deliver(int bucket, long delivery) => function.HandleAsync(new QueueMessageContext(
            $"m{bucket}", MessageQueue.Serialize(new RankingMessage(RankingMessage.Version1, RankingMessage.ScoreBucket, c.Id, operation.Id, operation.Version!.Value, bucket)),
            delivery, DateTimeOffset.UtcNow), Ct);

        await Task.WhenAll(Enumerable.Range(0, buckets).Select(b => Deliver(b, 1)));
        Assert.Equal(1, await DrainRankMessagesAsync(operation.Id));

        // Every bucket message delivered again (e.g. their deletes were lost): only the claim's owner queues the stage
        // again — it may have stopped between its claim and its send, and the stage must not be lost. No bucket is
        // scored again: its part is marked finished, so its scoring mark (rewritten by every whole scoring) stays as it was.
        var marks = host.Services.GetRequiredService<BucketScoringMarks>();
        var before = await marks.ListAsync(c.Id, Ct);
        Assert.Equal(buckets, before.Count);
        await Task.WhenAll(Enumerable.Range(0, buckets).Select(b => Deliver(b, 2)));
        Assert.Equal(1, await DrainRankMessagesAsync(operation.Id));
        var after = await marks.ListAsync(c.Id, Ct);
        Assert.All(before, m => Assert.Equal(m.Value.ETag, after[m.Key].ETag));
    }

    [Fact]
    public async Task A_listener_idle_for_its_longest_polling_interval_wakes_when_this_process_queues_the_next_stage()
    {
        // Ten minutes between polls of an empty ranking queue: the publication below completes only if the messages the
        // api (bucket stages) and the worker itself (the rank stage) send wake this process's listener.
        var lazy = new Dictionary<string, string?>
        {
            ["Queues:ranking:MinPollingInterval"] = "00:10:00",
            ["Queues:ranking:MaxPollingInterval"] = "00:10:00",
        };
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: lazy);
        var c = await SmallCampaign.CreateAsync(host, "wake", organizations: 8);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // the listener has polled the empty queue and is waiting

        foreach (var step in new[] { "self-assessment", "appraisal", "superior-review" }) await c.Driver.CloseStepAsync(step, Ct);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(90), Ct);

        Assert.Equal(OperationStatuses.Completed, done.Status);
        Assert.Equal(done.Total, done.Done);
    }

    /// <summary>Receives and deletes the rank messages of <paramref name="operationId"/> on the ranking queue; returns how many there were.</summary>
    private async Task<int> DrainRankMessagesAsync(string operationId)
    {
        var queue = QueueClientDefaults.CreateServiceClient(storage.ConnectionString).GetQueueClient(StorageNames.Queues.Ranking);
        var count = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), Ct)).Value;
            if (messages.Length == 0) return count;
            foreach (var m in messages)
            {
                var body = MessageQueue.Deserialize<RankingMessage>(m.Body.ToString())!;
                if (body.OperationId != operationId) continue;
                Assert.Equal(RankingMessage.Rank, body.Stage);
                count++;
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, Ct);
            }
        }
    }
}

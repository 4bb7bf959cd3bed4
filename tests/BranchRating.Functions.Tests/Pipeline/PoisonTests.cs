using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Storage.Queues;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class PoisonTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unprocessable_messages_go_to_the_poison_queue_with_their_reason_and_replay_once_the_cause_is_fixed()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var queues = QueueClientDefaults.CreateServiceClient(storage.ConnectionString);
        var poison = new PoisonQueue(queues);
        var late = "late-" + Guid.NewGuid().ToString("N")[..8];
        await queues.GetQueueClient(StorageNames.Queues.Submissions).SendMessageAsync("this is not JSON", Ct);
        await queues.GetQueueClient(StorageNames.Queues.Submissions).SendMessageAsync(MessageQueue.Serialize(new ScoreSubjectsMessage(9, late, ["X"])), Ct);
        await queues.GetQueueClient(StorageNames.Queues.Submissions).SendMessageAsync(MessageQueue.Serialize(new ScoreSubjectsMessage(1, late, ["C01-B000001"])), Ct);

        IReadOnlyList<PoisonMessage> poisoned = [];
        await TestHosts.EventuallyAsync(async () => (poisoned = await poison.PeekAsync(StorageNames.Queues.Submissions, cancellationToken: Ct)).Count(p => p.OriginalMessage.Contains(late) || p.OriginalMessage == "this is not JSON") == 3,
            TimeSpan.FromSeconds(30), "three messages are poisoned");

        Assert.Contains(poisoned, p => p.OriginalMessage == "this is not JSON" && p.Reason.Contains("not valid JSON"));
        Assert.Contains(poisoned, p => p.OriginalMessage.Contains("\"v\":9") && p.Reason.Contains("Unknown message version 9"));
        Assert.Contains(poisoned, p => p.OriginalMessage.Contains("\"v\":1") && p.Reason.Contains($"Campaign '{late}' does not exist"));

        // The cause is fixed (the campaign now exists): replaying the poison queue processes the message.
        var campaign = await SmallCampaign.CreateAsync(host, "late", organizations: 1);
        await queues.GetQueueClient(StorageNames.Queues.Submissions).SendMessageAsync(MessageQueue.Serialize(new ScoreSubjectsMessage(1, campaign.Id, [campaign.First.Row.Code!])), Ct);
        var replay = await host.Http.PostAsync("/api/v1/operations/replay-poison?queue=submissions", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var operation = await replay.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("completed", operation.GetProperty("status").GetString());
        Assert.True(operation.GetProperty("done").GetInt32() >= 3);
        var status = await host.Http.GetFromJsonAsync<JsonElement>(replay.Headers.Location!.ToString(), Ct);
        Assert.Equal("replay-poison", status.GetProperty("kind").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Submissions;
using BranchRating.Storage.Queues;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class IdempotencyTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_repeated_with_the_same_Idempotency_Key_replay_the_first_answer_and_count_once()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "idem");
        var code = c.First.Row.Code!;
        var tokens = await c.Driver.IssueTokensAsync(code, 3, Ct);
        var ballots = new BallotBatchRequest(tokens.Select(t => new BallotRequest(t, "members", "satisfied")).ToList());
        var deduction = new AdjustmentEventRequest { Type = "criticism-city-committee", Count = 1 };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(host.Http, c.Url(code, "ballots"), ballots, "ballot-batch-1")));
        var adjustments = new[] { await PostAsync(host.Http, c.Url(code, "adjustments"), deduction, "criticism-1"), await PostAsync(host.Http, c.Url(code, "adjustments"), deduction, "criticism-1") };

        Assert.All(answers.Concat(adjustments), a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.Single(answers.Select(a => a.Body.GetProperty("submissionId").GetString()).Distinct());
        Assert.Equal(3, answers.Count(a => a.Replayed));
        Assert.True(adjustments[1].Replayed);
        Assert.Equal(adjustments[0].Body.GetProperty("submissionId").GetString(), adjustments[1].Body.GetProperty("submissionId").GetString());

        await c.Driver.SubmitSelfAssessmentAsync(c.First, Ct);
        await c.Driver.ReviewAsync(c.First, Ct);
        await c.PublishAsync();
        var result = await c.ResultAsync(code);
        Assert.Equal(3, result.Result.GetProperty("explanation").GetProperty("ballots")[0].GetProperty("valid").GetInt32());
        Assert.Equal(5m, result.Result.GetProperty("totals").GetProperty("deductions").GetDecimal());
    }

    [Fact]
    public async Task An_Idempotency_Key_reused_for_a_different_request_is_refused_naming_the_header()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "idem-reuse", organizations: 2);
        var code = c.First.Row.Code!;
        await PostAsync(host.Http, c.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 1 }, "k-1");

        var reused = await PostAsync(host.Http, c.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 2 }, "k-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Contains("Idempotency-Key", reused.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Duplicate_queue_deliveries_rescore_without_double_counting()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "dup", organizations: 6);
        await c.Driver.SubmitAllAsync(c.County, 2, Ct);
        var submissions = QueueClientDefaults.CreateServiceClient(storage.ConnectionString).GetQueueClient(StorageNames.Queues.Submissions);
        var codes = c.County.Organizations.Select(o => o.Row.Code!).ToList();
        for (var i = 0; i < 3; i++)
        {
            await submissions.SendMessageAsync(MessageQueue.Serialize(new ScoreSubjectsMessage(1, c.Id, codes)), Ct);
        }

        await c.PublishAsync();
        var first = await Task.WhenAll(codes.Select(c.ResultAsync));
        // A recompute redelivers every stage of a publication (each bucket rescored, then ranked): nothing is counted twice.
        var recompute = await host.Http.PostAsync($"/api/v1/campaigns/{c.Id}/operations/recompute", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, recompute.StatusCode);
        var operation = (await recompute.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await host.PublishedAsync(c.Id, version: 2);
        // Late duplicates of that finished publication's messages change nothing.
        var ranking = QueueClientDefaults.CreateServiceClient(storage.ConnectionString).GetQueueClient(StorageNames.Queues.Ranking);
        await ranking.SendMessageAsync(MessageQueue.Serialize(new RankingMessage(1, RankingMessage.ScoreBucket, c.Id, operation, 2, 0)), Ct);
        await ranking.SendMessageAsync(MessageQueue.Serialize(new RankingMessage(1, RankingMessage.Rank, c.Id, operation, 2, null)), Ct);
        await Tests.Hosting.TestHosts.EventuallyAsync(async () => (await ranking.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20), "the duplicates are consumed");
        var second = await Task.WhenAll(codes.Select(c.ResultAsync));

        for (var i = 0; i < codes.Count; i++)
        {
            var o = c.County.Organizations[i];
            Assert.Equal(o.Ballots.Count, second[i].Result.GetProperty("explanation").GetProperty("ballots")[0].GetProperty("valid").GetInt32());
            Assert.Equal(first[i].FinalTotal, second[i].FinalTotal);
            Assert.Equal(first[i].Level, second[i].Level);
            Assert.Equal(2, second[i].Version);
        }

        Assert.Equal(0, (await QueueClientDefaults.CreateServiceClient(storage.ConnectionString).GetQueueClient(StorageNames.Queues.Poison(StorageNames.Queues.Ranking)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body, bool Replayed)> PostAsync(HttpClient http, string url, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, body.GetType(), options: PipelineHost.Json) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(json.Length == 0 ? "{}" : json).RootElement.Clone(), response.Headers.Contains("Idempotent-Replayed"));
    }
}

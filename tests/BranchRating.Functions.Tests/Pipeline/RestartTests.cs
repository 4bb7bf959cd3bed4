using BranchRating.Contracts.Operations;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Storage.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class RestartTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_publication_loses_nothing_when_another_one_starts()
    {
        var slow = new Dictionary<string, string?>
        {
            ["Pipeline:Buckets"] = "16",
            ["Queues:ranking:BatchSize"] = "1",
            ["Queues:ranking:MaxConcurrency"] = "1",
            ["Queues:ranking:ShutdownGracePeriod"] = "00:00:00",
            ["Queues:ranking:VisibilityTimeout"] = "00:00:05",
        };
        // The api accepts everything while no worker runs: the queues hold the work.
        var api = await PipelineHost.StartAsync(storage.ConnectionString, settings: slow, roles: "api");
        var c = await SmallCampaign.CreateAsync(api, "restart", organizations: 64);
        await c.Driver.SubmitAllAsync(c.County, 4, Ct);
        var close = await c.Driver.CloseStepAsync("self-assessment", Ct);
        Assert.Equal(OperationStatuses.Completed, close.Status);
        foreach (var step in new[] { "appraisal", "superior-review" }) await c.Driver.CloseStepAsync(step, Ct);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var operations = api.Services.GetRequiredService<OperationStore>();

        // A worker starts, finishes some buckets, and is killed mid-publication.
        var worker = await PipelineHost.StartAsync(storage.ConnectionString, api.Time, slow, roles: "worker");
        await TestHosts.EventuallyAsync(async () => (await operations.GetAsync(c.Id, publication.Id, Ct))!.Done >= 2, TimeSpan.FromSeconds(60), "two buckets are done");
        await worker.DisposeAsync();
        var atKill = (await operations.GetAsync(c.Id, publication.Id, Ct))!;

        // A new worker picks up what was left (including the message in flight at the kill).
        await using var restarted = await PipelineHost.StartAsync(storage.ConnectionString, api.Time, slow, roles: "worker");
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(90), Ct);

        Assert.True(atKill.Status != OperationStatuses.Completed, "the worker was killed before the publication completed");
        Assert.Equal((16, 16), (done.Done, done.Total));
        foreach (var o in c.County.Organizations)
        {
            var result = await c.ResultAsync(o.Row.Code!);
            Assert.Equal(o.Ballots.Count, result.Result.GetProperty("explanation").GetProperty("ballots")[0].GetProperty("valid").GetInt32());
        }

        await api.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using BranchRating.Contracts.Operations;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Scoring;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Results;
using BranchRating.Storage.Scores;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>
/// The scoring ahead at the last input close also ranks and writes a version, unpublished; the final close publishes
/// that version when nothing it was computed from changed since, and ranks and writes its own otherwise.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PreparedPublicationTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_final_close_with_nothing_changed_publishes_the_prepared_version_which_ranks_as_a_full_publication_would()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets, scored) = await ScoredAheadAsync(host, "prepared", 12);
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var prepared = (await campaigns.GetPreparedAsync(c.Id, Ct))!;
        Assert.NotNull(prepared);
        Assert.Contains($"Prepared version {prepared.Version}", scored.Detail);
        Assert.Equal(12, prepared.Summary.Organizations);
        Assert.Equal(12, prepared.Summary.Levels.Sum(l => l.Count));
        // Written, not visible: nothing is published before the final close.
        Assert.Equal(0, (await host.CampaignAsync(c.Id)).PublishedVersion ?? 0);
        var hidden = await host.Http.GetAsync($"/api/v1/campaigns/{c.Id}/results/{c.First.Row.Code}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(prepared.Version, done.Version);
        Assert.Contains("0 rows written", done.Detail);
        Assert.Equal(prepared.Version, (await host.CampaignAsync(c.Id)).PublishedVersion);
        Assert.Equal(prepared.Version, (await c.ResultAsync(c.First.Row.Code!)).Version);
        await TestHosts.EventuallyAsync(async () => await campaigns.GetPreparedAsync(c.Id, Ct) is null,
            TimeSpan.FromSeconds(30), "the record of the published preparation is forgotten");

        // A recompute ranks and writes every row again from the same inputs: the same results, rank for rank.
        var recompute = await RecomputeAsync(c);
        Assert.True(recompute.Version > prepared.Version);
        Assert.DoesNotContain(" 0 rows written", recompute.Detail);
        var results = host.Services.GetRequiredService<ResultStore>();
        foreach (var o in c.County.Organizations)
        {
            var ahead = (await results.GetResultAsync(c.Id, prepared.Version, buckets, o.Row.Code!, Ct))!.Value.Result;
            var again = (await results.GetResultAsync(c.Id, recompute.Version!.Value, buckets, o.Row.Code!, Ct))!.Value.Result;
            Assert.Equal(again.FinalTotal, ahead.FinalTotal);
            Assert.Equal(again.Level, ahead.Level);
            Assert.Equal(again.Ranks, ahead.Ranks);
            Assert.Equal(again.ResultJson, ahead.ResultJson);
        }
    }

    [Fact]
    public async Task An_adjustment_after_the_preparation_makes_the_final_close_rank_and_write_its_own_version()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets, _) = await ScoredAheadAsync(host, "prepared-late", 6);
        var prepared = (await host.Services.GetRequiredService<CampaignStore>().GetPreparedAsync(c.Id, Ct))!;
        var before = await host.Services.GetRequiredService<PreparedPublications>().BasisAsync((await host.Services.GetRequiredService<CampaignStore>().GetAsync(c.Id, Ct))!, Ct);
        Assert.Equal(prepared.Basis, before);

        host.Time.Advance(TimeSpan.FromHours(1));
        var code = c.First.Row.Code!;
        var deduction = await IdempotencyTests.PostAsync(host.Http, c.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "criticism-city-committee", Count = 1 }, "late-criticism");
        Assert.Equal(HttpStatusCode.Accepted, deduction.Status);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(publication.Version, done.Version);
        Assert.NotEqual(prepared.Version, done.Version);
        Assert.Equal(done.Version, (await host.CampaignAsync(c.Id)).PublishedVersion);
        Assert.DoesNotContain(" 0 rows written", done.Detail);
        var result = await c.ResultAsync(code);
        Assert.True(result.Result.GetProperty("totals").GetProperty("deductions").GetDecimal() > 0, "the late deduction counts");

        // The prepared version will never be published (it is older than the published one): its rows and record go.
        // Its record is forgotten last, after every row is deleted.
        var results = host.Services.GetRequiredService<ResultStore>();
        await TestHosts.EventuallyAsync(async () => await host.Services.GetRequiredService<CampaignStore>().GetPreparedAsync(c.Id, Ct) is null,
            TimeSpan.FromSeconds(30), "the unused prepared version is deleted");
        foreach (var o in c.County.Organizations)
        {
            Assert.Null(await results.GetResultAsync(c.Id, prepared.Version, buckets, o.Row.Code!, Ct));
            Assert.NotNull(await results.GetResultAsync(c.Id, done.Version!.Value, buckets, o.Row.Code!, Ct));
        }
    }

    [Fact]
    public async Task A_final_close_redelivered_after_it_published_the_prepared_version_completes_and_publishes_nothing_else()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets, _) = await ScoredAheadAsync(host, "prepared-redelivered", 4);
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var operations = host.Services.GetRequiredService<OperationStore>();
        var results = host.Services.GetRequiredService<ResultStore>();
        var prepared = (await campaigns.GetPreparedAsync(c.Id, Ct))!;
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(prepared.Version, done.Version);
        await TestHosts.EventuallyAsync(async () => await campaigns.GetPreparedAsync(c.Id, Ct) is null, TimeSpan.FromSeconds(30), "the preparation is settled");

        // As if the worker had stopped right after the flip: the operation still running with the version it was given at
        // the close, the preparation still recorded.
        Assert.True(publication.Version > prepared.Version);
        await campaigns.SavePreparedAsync(c.Id, prepared, Ct);
        await operations.UpdateAsync(c.Id, publication.Id, OperationStatuses.Running, version: publication.Version, cancellationToken: Ct);
        var operation = (await operations.GetAsync(c.Id, publication.Id, Ct))!;
        await host.Services.GetRequiredService<Publisher>().PublishAsync((await campaigns.GetAsync(c.Id, Ct))!, operation, Ct);

        var pointer = (await campaigns.GetPublicationAsync(c.Id, Ct))!;
        Assert.Equal(prepared.Version, pointer.Version);
        var completed = (await operations.GetAsync(c.Id, publication.Id, Ct))!;
        Assert.Equal(OperationStatuses.Completed, completed.Status);
        Assert.Equal(prepared.Version, completed.Version);
        Assert.Null(await campaigns.GetPreparedAsync(c.Id, Ct));
        foreach (var o in c.County.Organizations)
        {
            Assert.NotNull(await results.GetResultAsync(c.Id, prepared.Version, buckets, o.Row.Code!, Ct));
            Assert.Null(await results.GetResultAsync(c.Id, publication.Version!.Value, buckets, o.Row.Code!, Ct));
        }
    }

    [Fact]
    public async Task A_second_preparation_before_the_final_close_replaces_the_first_and_deletes_its_rows()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets, _) = await ScoredAheadAsync(host, "prepared-twice", 4);
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var results = host.Services.GetRequiredService<ResultStore>();
        var first = (await campaigns.GetPreparedAsync(c.Id, Ct))!;
        var code = c.First.Row.Code!;
        Assert.NotNull(await results.GetResultAsync(c.Id, first.Version, buckets, code, Ct));

        var detail = await host.Services.GetRequiredService<Publisher>().PrepareAsync((await campaigns.GetAsync(c.Id, Ct))!, Ct);

        var second = (await campaigns.GetPreparedAsync(c.Id, Ct))!;
        Assert.Contains($"Prepared version {second.Version}", detail);
        Assert.True(second.Version > first.Version);
        Assert.Null(await results.GetResultAsync(c.Id, first.Version, buckets, code, Ct));
        Assert.NotNull(await results.GetResultAsync(c.Id, second.Version, buckets, code, Ct));

        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(second.Version, done.Version); // the latest preparation is the one published
        Assert.Equal(second.Version, (await c.ResultAsync(code)).Version);
    }

    [Fact]
    public async Task A_recompute_between_the_preparation_and_the_final_close_leaves_the_prepared_version_unpublished()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, _, _) = await ScoredAheadAsync(host, "prepared-recompute", 6);
        var prepared = (await host.Services.GetRequiredService<CampaignStore>().GetPreparedAsync(c.Id, Ct))!;

        var recompute = await RecomputeAsync(c);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);

        Assert.True(recompute.Version > prepared.Version);
        Assert.Equal(publication.Version, done.Version);
        Assert.True(done.Version > recompute.Version);
        Assert.Equal(done.Version, (await host.CampaignAsync(c.Id)).PublishedVersion);
    }

    [Fact]
    public async Task The_basis_changes_when_a_bucket_is_rescored_one_by_one_and_is_absent_while_a_bucket_is_not_current()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, _, _) = await ScoredAheadAsync(host, "prepared-basis", 4);
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var basis = host.Services.GetRequiredService<PreparedPublications>();
        var marks = host.Services.GetRequiredService<BucketScoringMarks>();
        var snapshot = (await campaigns.GetAsync(c.Id, Ct))!;
        var first = await basis.BasisAsync(snapshot, Ct);
        Assert.NotNull(first);
        Assert.Equal(first, await basis.BasisAsync(snapshot, Ct));
        Assert.NotNull(await basis.FindCurrentAsync(snapshot, Ct));

        await marks.RecordRescoreAsync(c.Id, 0, Ct);
        var rescored = await basis.BasisAsync(snapshot, Ct);
        Assert.NotNull(rescored);
        Assert.NotEqual(first, rescored);
        Assert.Null(await basis.FindCurrentAsync(snapshot, Ct));

        await marks.MarkStaleAsync(c.Id, 0, Ct);
        Assert.Null(await basis.BasisAsync(snapshot, Ct));
    }

    [Fact]
    public async Task With_preparation_off_the_scoring_ahead_prepares_nothing_and_the_final_close_writes_its_version()
    {
        var settings = new Dictionary<string, string?>(SmallCampaign.ScoreAheadSettings) { ["Pipeline:PrepareAhead"] = "false" };
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: settings);
        var (c, _, _) = await ScoredAheadAsync(host, "prepared-off", 4);
        Assert.Null(await host.Services.GetRequiredService<CampaignStore>().GetPreparedAsync(c.Id, Ct));

        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(publication.Version, done.Version);
        Assert.DoesNotContain(" 0 rows written", done.Detail);
    }

    [Fact]
    public async Task A_scoring_ahead_that_finishes_after_the_final_close_prepares_nothing_and_the_publication_writes_its_version()
    {
        // Every step closed while no worker runs (as when all deadlines pass in one timer run): the scoring ahead and the
        // publication are both queued, and the worker that starts finds the final step closed under the scoring ahead.
        await using var api = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings, roles: "api");
        var c = await SmallCampaign.CreateAsync(api, "prepared-after-final", 4);
        await c.SubmitAllAsync();
        var (_, scoring) = await c.CloseInputStepsAsync();
        Assert.Equal(OperationKinds.Score, scoring.Kind);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);

        await using var worker = await PipelineHost.StartAsync(storage.ConnectionString, api.Time, SmallCampaign.ScoreAheadSettings, roles: "worker");
        var scored = await c.Driver.WaitAsync(scoring.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        var done = await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);

        Assert.Contains(Publisher.NotPreparedAfterFinalClose, scored.Detail);
        Assert.Null(await api.Services.GetRequiredService<CampaignStore>().GetPreparedAsync(c.Id, Ct));
        Assert.Equal(publication.Version, done.Version);
        Assert.DoesNotContain(" 0 rows written", done.Detail);
        Assert.Equal(publication.Version, (await c.ResultAsync(c.First.Row.Code!)).Version);
    }

    /// <summary>A small campaign, every submission in, its input steps closed and the scoring ahead (with its preparation) done.</summary>
    private static async Task<(SmallCampaign Campaign, int Buckets, OperationResponse Scored)> ScoredAheadAsync(PipelineHost host, string prefix, int organizations)
    {
        var c = await SmallCampaign.CreateAsync(host, prefix, organizations);
        var buckets = await c.SubmitAllAsync();
        var (_, last) = await c.CloseInputStepsAsync();
        Assert.Equal(OperationKinds.Score, last.Kind);
        return (c, buckets, await c.Driver.WaitAsync(last.StatusUrl, TimeSpan.FromSeconds(60), Ct));
    }

    private static async Task<OperationResponse> RecomputeAsync(SmallCampaign c)
    {
        var response = await c.Driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{c.Id}/operations/recompute", new { }, null, Ct);
        var recompute = (await response.Content.ReadFromJsonAsync<OperationResponse>(PipelineHost.Json, Ct))!;
        return await c.Driver.WaitAsync(recompute.StatusUrl, TimeSpan.FromSeconds(60), Ct);
    }
}

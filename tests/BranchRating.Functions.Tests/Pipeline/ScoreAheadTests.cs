using System.Net;
using System.Net.Http.Json;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Contracts.Submissions;
using BranchRating.Storage.Scores;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>
/// Closing the last input step scores every organization ahead of the determination; the final close then scores again
/// only the organizations whose inputs were stored since, and publishes the same results as a full rescoring would.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ScoreAheadTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_final_close_scores_again_only_organizations_with_inputs_stored_after_the_scoring_ahead()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets) = await SubmittedAsync(host, "ahead", 12);
        var scores = host.Services.GetRequiredService<ScoreStore>();

        var (first, last) = await c.CloseInputStepsAsync();
        Assert.Equal(OperationKinds.CloseStep, first.Kind);
        Assert.Equal(OperationKinds.Score, last.Kind);
        var scored = await c.Driver.WaitAsync(last.StatusUrl, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(buckets, scored.Done);
        var ahead = await ScoresAsync(scores, c, buckets);
        Assert.All(ahead.Values, s => Assert.NotNull(s.ScoreJson));

        // Later on the fake clock: a deduction for one organization, then the final close.
        host.Time.Advance(TimeSpan.FromHours(1));
        var code = c.First.Row.Code!;
        var deduction = await IdempotencyTests.PostAsync(host.Http, c.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "criticism-city-committee", Count = 1 }, "late-criticism");
        Assert.Equal(HttpStatusCode.Accepted, deduction.Status);
        var publication = await c.Driver.CloseStepAsync("determination", Ct);
        await c.Driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(60), Ct);

        var after = await ScoresAsync(scores, c, buckets);
        Assert.True(after[code].ScoredAt > ahead[code].ScoredAt, "the organization with a new input is scored again");
        Assert.All(after.Where(s => s.Key != code), s => Assert.Equal(ahead[s.Key].ScoredAt, s.Value.ScoredAt));
        Assert.NotEqual(ahead[code].ScoreJson, after[code].ScoreJson);
        var result = await c.ResultAsync(code);
        Assert.True(Deductions(after[code].ScoreJson!) > Deductions(ahead[code].ScoreJson!), "the late deduction counts");
        Assert.Equal(Deductions(after[code].ScoreJson!), result.Result.GetProperty("totals").GetProperty("deductions").GetDecimal());
    }

    [Fact]
    public async Task Input_deadlines_passing_together_score_ahead_when_the_timer_closes_the_last_of_them()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets) = await SubmittedAsync(host, "ahead-timer", 6);
        var marks = host.Services.GetRequiredService<BucketScoringMarks>();

        // Past the review deadline (15 June), before the determination's (20 June): one timer run closes three steps.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 16, 0, 0, 0, TimeSpan.Zero));
        await host.CloseDueStepsAsync();

        await TestHosts.EventuallyAsync(async () =>
        {
            for (var b = 0; b < buckets; b++)
            {
                if ((await marks.GetAsync(c.Id, b, Ct))?.State != BucketScoringMark.Scored) return false;
            }
            return true;
        }, TimeSpan.FromSeconds(60), "every bucket is scored ahead");
        Assert.Equal(0, (await host.CampaignAsync(c.Id)).PublishedVersion ?? 0); // nothing published before the final close
    }

    [Fact]
    public async Task A_recompute_while_input_steps_are_open_leaves_no_bucket_marked_current()
    {
        // Ballots may still come after its reading, and the publication does not look for new ballots: it must score whole.
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings);
        var (c, buckets) = await SubmittedAsync(host, "ahead-early", 6);
        var marks = host.Services.GetRequiredService<BucketScoringMarks>();

        var response = await c.Driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{c.Id}/operations/recompute", new { }, null, Ct);
        var recompute = (await response.Content.ReadFromJsonAsync<OperationResponse>(PipelineHost.Json, Ct))!;
        await c.Driver.WaitAsync(recompute.StatusUrl, TimeSpan.FromSeconds(60), Ct);

        for (var b = 0; b < buckets; b++)
        {
            Assert.Equal(BucketScoringMark.Stale, (await marks.GetAsync(c.Id, b, Ct))?.State);
        }
    }

    [Fact]
    public async Task A_bucket_whose_scoring_ahead_overlapped_another_scoring_is_scored_whole_by_the_publication()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: SmallCampaign.ScoreAheadSettings, roles: "api");
        var marks = host.Services.GetRequiredService<BucketScoringMarks>();
        var id = "marks-" + Guid.NewGuid().ToString("N")[..8];

        var a = await marks.StartAsync(id, 3, Ct);
        var b = await marks.StartAsync(id, 3, Ct);
        Assert.True(b.Watermark >= a.Watermark);
        Assert.False(await marks.CompleteAsync(id, a, new DateOnly(2026, 6, 20), "s1", Ct));
        Assert.False(await marks.CompleteAsync(id, b, new DateOnly(2026, 6, 20), "s1", Ct));
        Assert.Equal(BucketScoringMark.Stale, (await marks.GetAsync(id, 3, Ct))!.State);

        var alone = await marks.StartAsync(id, 4, Ct);
        Assert.True(await marks.CompleteAsync(id, alone, new DateOnly(2026, 6, 20), "s1", Ct));
        var mark = (await marks.GetAsync(id, 4, Ct))!;
        Assert.True(mark.Matches(new DateOnly(2026, 6, 20), "s1"));
        Assert.False(mark.Matches(new DateOnly(2026, 6, 21), "s1"));
        Assert.False(mark.Matches(new DateOnly(2026, 6, 20), "s2"));
        Assert.Equal(alone.Watermark, mark.Watermark);
    }

    /// <summary>A small campaign with every organization's submissions, and its bucket count.</summary>
    private static async Task<(SmallCampaign Campaign, int Buckets)> SubmittedAsync(PipelineHost host, string prefix, int organizations)
    {
        var c = await SmallCampaign.CreateAsync(host, prefix, organizations);
        return (c, await c.SubmitAllAsync());
    }

    private static decimal Deductions(string scoreJson) =>
        System.Text.Json.JsonDocument.Parse(scoreJson).RootElement.GetProperty("totals").GetProperty("deductions").GetDecimal();

    private static async Task<Dictionary<string, ScoreRecord>> ScoresAsync(ScoreStore scores, SmallCampaign c, int buckets)
    {
        var found = new Dictionary<string, ScoreRecord>(StringComparer.Ordinal);
        foreach (var o in c.County.Organizations)
        {
            found[o.Row.Code!] = (await scores.GetAsync(c.Id, buckets, o.Row.Code!, Ct))!;
        }

        return found;
    }
}

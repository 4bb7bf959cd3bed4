using System.Net;
using System.Net.Http.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Tests.Pipeline;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>The submission gate follows the schedule: nothing before a step's opening instant, nothing after its hard expiry.</summary>
[Collection(PipelineCollection.Name)]
public sealed class OpeningGateTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each step opens on its own day at 09:00 Beijing (1:00 UTC) and is due two days later at 18:00, with no grace.</summary>
    private static ScheduleRequest Schedule() => new()
    {
        Steps =
        [
            new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 2, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 4, 18, 0, 0, Beijing)),
            new(StepKinds.Appraisal, new DateTimeOffset(2026, 6, 3, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 5, 18, 0, 0, Beijing)),
            new(StepKinds.SuperiorReview, new DateTimeOffset(2026, 6, 4, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 6, 18, 0, 0, Beijing)),
            new(StepKinds.Determination, new DateTimeOffset(2026, 6, 5, 9, 0, 0, Beijing), new DateTimeOffset(2026, 6, 7, 18, 0, 0, Beijing)),
        ],
    };

    [Fact]
    public async Task Every_submission_kind_is_refused_before_its_step_opens_naming_the_step_and_its_opening_in_Shanghai_time_and_after_its_hard_expiry()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "lc-open", organizations: 12);
        var lc = new LifecycleDriver(host, campaign.Id);
        await lc.ReadAsync<LifecycleResponse>(await lc.PutAsync("/schedule", Schedule()));
        var o = campaign.County.Organizations.First(x => x.Ballots.Count > 0);
        var code = o.Row.Code!;
        var tokens = await campaign.Driver.IssueTokensAsync(code, 1, Ct);

        // Each kind of input, sent with its own idempotency key (the retry of a refusal is a fresh attempt).
        var attempt = 0;
        var kinds = new (string Step, string Opens, Func<Task<HttpResponseMessage>> Send)[]
        {
            (StepKinds.SelfAssessment, "2026-06-02T09:00+08:00", () => host.Http.PutAsJsonAsync(campaign.Url(code, "self-assessment"), o.SelfAssessment, PipelineHost.Json, Ct)),
            (StepKinds.SelfAssessment, "2026-06-02T09:00+08:00", () => Send(campaign.Url(code, "self-assessment/submit"), new { }, $"submit-{attempt++}")),
            (StepKinds.Appraisal, "2026-06-03T09:00+08:00", () => Send(campaign.Url(code, "ballots"), new BallotBatchRequest([o.Ballots[0] with { Token = tokens[0] }]), $"ballots-{attempt++}")),
            (StepKinds.SuperiorReview, "2026-06-04T09:00+08:00", () => Send(campaign.Url(code, "reviews"), o.Review, $"review-{attempt++}")),
            (StepKinds.Determination, "2026-06-05T09:00+08:00", () => Send(campaign.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 1 }, $"adjustment-{attempt++}")),
        };

        // 2 June 08:59 Beijing: nothing is open yet.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 2, 0, 59, 0, TimeSpan.Zero));
        foreach (var (step, opens, send) in kinds)
        {
            var refusal = await LifecycleDriver.ProblemAsync(await send(), HttpStatusCode.Conflict, "step");
            Assert.Equal($"The '{step}' step opens at {opens}; submissions are not accepted before it.", refusal);
        }

        // Once a step's opening instant has come, its input is accepted while the later steps still refuse theirs.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 2, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await kinds[0].Send()).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await kinds[1].Send()).StatusCode);
        Assert.Contains("opens at 2026-06-03T09:00+08:00", await LifecycleDriver.ProblemAsync(await kinds[2].Send(), HttpStatusCode.Conflict, "step"));
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 5, 1, 0, 0, TimeSpan.Zero));
        foreach (var (_, _, send) in kinds[2..]) Assert.Equal(HttpStatusCode.Accepted, (await send()).StatusCode);

        // Past the self-assessment's hard expiry (4 June 18:00, no grace): refused as closed, naming the instant.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 4, 10, 0, 0, TimeSpan.Zero).AddDays(1));
        var late = await LifecycleDriver.ProblemAsync(await kinds[0].Send(), HttpStatusCode.Conflict, "step");
        Assert.Equal("The 'self-assessment' step closed at 2026-06-04T18:00+08:00; submissions are no longer accepted.", late);
        Assert.Contains("closed at 2026-06-04T18:00+08:00", await LifecycleDriver.ProblemAsync(await kinds[1].Send(), HttpStatusCode.Conflict, "step"));

        async Task<HttpResponseMessage> Send(string url, object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, body.GetType(), options: PipelineHost.Json) };
            request.Headers.Add("Idempotency-Key", key);
            return await host.Http.SendAsync(request, Ct);
        }
    }
}

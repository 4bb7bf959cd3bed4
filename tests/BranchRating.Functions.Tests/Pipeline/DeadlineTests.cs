using System.Net;
using BranchRating.Contracts.Submissions;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class DeadlineTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submissions_racing_the_final_deadline_are_either_accepted_and_counted_or_refused_with_the_step()
    {
        // A settle delay keeps the publication from reading before every accepted request has stored its submission.
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: new Dictionary<string, string?> { ["Pipeline:SettleDelay"] = "00:00:02" });
        var c = await SmallCampaign.CreateAsync(host, "deadline", organizations: 8);
        foreach (var o in c.County.Organizations)
        {
            await c.Driver.SubmitSelfAssessmentAsync(o, Ct);
            await c.Driver.CastBallotsAsync(o, Ct);
            await c.Driver.ReviewAsync(o, Ct);
        }

        // The determination step (final) ends 2026-06-20 10:00 UTC; absences (−3 each) arrive while the clock passes it.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 20, 9, 59, 58, TimeSpan.Zero));
        var sends = c.County.Organizations.SelectMany(o => Enumerable.Range(0, 4).Select(i => (Code: o.Row.Code!, Key: $"absence-{o.Row.Code}-{i}"))).ToList();
        var acceptedSoFar = 0;
        var clock = Task.Run(async () =>
        {
            // The deadline passes (and the timer runs) while the first wave is still arriving.
            while (Volatile.Read(ref acceptedSoFar) == 0) await Task.Delay(5, Ct);
            host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.Zero));
            await host.CloseDueStepsAsync();
        }, Ct);
        var firstWave = Task.WhenAll(sends.Take(24).Select(async s =>
        {
            var answer = await IdempotencyTests.PostAsync(host.Http, c.Url(s.Code, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 1 }, s.Key);
            if (answer.Status == HttpStatusCode.Accepted) Interlocked.Increment(ref acceptedSoFar);
            return (s.Code, Answer: answer);
        }));
        await clock;
        var secondWave = await Task.WhenAll(sends.Skip(24).Select(async s => (s.Code, Answer: await IdempotencyTests.PostAsync(host.Http, c.Url(s.Code, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 1 }, s.Key))));
        var answers = (await firstWave).Concat(secondWave).ToList();
        await host.CloseDueStepsAsync();
        await host.PublishedAsync(c.Id);

        Assert.All(answers, a => Assert.True(a.Answer.Status is HttpStatusCode.Accepted or HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable, $"unexpected {a.Answer.Status}"));
        Assert.All(answers.Where(a => a.Answer.Status != HttpStatusCode.Accepted), a => Assert.Equal("step", BadInputTests.Fields(a.Answer.Body).Single()));
        Assert.Contains(answers, a => a.Answer.Status == HttpStatusCode.Conflict);
        Assert.Contains(answers, a => a.Answer.Status == HttpStatusCode.Accepted);
        foreach (var group in answers.GroupBy(a => a.Code))
        {
            var accepted = group.Count(a => a.Answer.Status == HttpStatusCode.Accepted);
            var result = await c.ResultAsync(group.Key);
            var absences = result.Result.GetProperty("explanation").GetProperty("adjustments").EnumerateArray()
                .Where(l => l.GetProperty("item").GetString() == "absence").Sum(l => l.GetProperty("points").GetDecimal());
            Assert.Equal(accepted * 3m, Math.Abs(absences));
        }

        var closed = await SendAfterCloseAsync(host, c);
        Assert.Equal(HttpStatusCode.Conflict, closed.Status);
        Assert.Contains("2026-06-20T18:00+08:00", closed.Body.GetProperty("detail").GetString());
    }

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, bool Replayed)> SendAfterCloseAsync(PipelineHost host, SmallCampaign c) =>
        IdempotencyTests.PostAsync(host.Http, c.Url(c.First.Row.Code!, "adjustments"), new AdjustmentEventRequest { Type = "absence", Count = 1 }, "after-close");
}

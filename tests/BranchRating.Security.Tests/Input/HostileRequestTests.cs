using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BranchRating.Security.Authorization;
using BranchRating.Security.Input;
using BranchRating.Security.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Security.Tests.Input;

public sealed class HostileRequestTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private int _handled;

    public record Score(string Indicator, int Points);

    public async ValueTask InitializeAsync()
    {
        var settings = TestApp.DevelopmentSettings();
        settings["RateLimits:Submissions:PermitLimit"] = "3";
        settings["RateLimits:Submissions:Window"] = "00:01:00";
        settings["RequestLimits:MaxBodyBytes"] = "1024";
        _app = await TestApp.StartAsync(app =>
        {
            app.MapPost("/scores", (Score score) =>
                {
                    Interlocked.Increment(ref _handled);
                    return Results.Ok(score);
                })
                .RequireRating(Permission.SubmitReview, ScopeFrom.QueryPath("organization"))
                .RequireRateLimiting(RatingRateLimits.Submissions);
            app.MapPost("/roster", async (HttpRequest request) =>
                {
                    using var reader = new StreamReader(request.Body);
                    return Results.Ok((await reader.ReadToEndAsync()).Length);
                })
                .WithBodyLimit(64 * 1024);
            app.MapPost("/small", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                return Results.Ok((await reader.ReadToEndAsync()).Length);
            });
        }, settings);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_caller_over_the_submission_limit_gets_429_with_retry_after_while_another_caller_is_unaffected()
    {
        var alice = _app.Issuer.Issue("alice", [RatingGrant.Parse("reviewer@/P01")]);
        var bob = _app.Issuer.Issue("bob", [RatingGrant.Parse("reviewer@/P01")]);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await PostScoreAsync(alice, """{"indicator":"i1","points":5}""");
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : refused;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = refused!.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await PostScoreAsync(bob, """{"indicator":"i1","points":5}""")).StatusCode);
    }

    [Fact]
    public async Task Duplicate_json_members_are_refused_before_the_handler_runs()
    {
        var token = _app.Issuer.Issue("carol", [RatingGrant.Parse("reviewer@/P01")]);

        var response = await PostScoreAsync(token, """{"indicator":"i1","points":5,"points":100}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_default_limit_is_refused_with_413()
    {
        using var content = new StringContent(new string('x', 2048));

        var response = await _app.Client.PostAsync("/small", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_endpoint_declaring_a_larger_limit_accepts_a_body_within_it()
    {
        using var content = new StringContent(new string('x', 32 * 1024));

        var response = await _app.Client.PostAsync("/roster", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_without_length_is_cut_off_at_the_limit()
    {
        using var content = new StreamContent(new UnknownLengthStream(new string('x', 4096)));

        // Without an exception handler in this minimal app the refusal surfaces as the 413 BadHttpRequestException
        // itself; the host's exception handler turns it into a 413 problem (see the host integration tests).
        var error = await Record.ExceptionAsync(() => _app.Client.PostAsync("/small", content, TestContext.Current.CancellationToken));

        var bad = Assert.IsType<BadHttpRequestException>(error);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, bad.StatusCode);
    }

    private async Task<HttpResponseMessage> PostScoreAsync(string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scores?organization=/P01/C03")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A request body whose length the client does not announce (sent chunked).</summary>
    private sealed class UnknownLengthStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override bool CanSeek => false;
    }
}

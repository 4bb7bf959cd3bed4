using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Security.Tests.Authentication;

public sealed class BearerValidationTests : IAsyncLifetime
{
    private static readonly RatingGrant[] Grants = [RatingGrant.Parse("observer@/P01")];
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(app =>
            app.MapGet("/whoami", (HttpContext c) => c.User.Identity!.Name).RequireAuthorization());

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_token_from_the_trusted_issuer_is_accepted_and_names_the_caller()
    {
        var response = await GetAsync(_app.Issuer.Issue("alice", Grants));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401_problem_details_and_a_bearer_challenge()
    {
        var response = await GetAsync(token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_forged_token_signed_by_another_key_with_the_same_issuer_and_audience_is_refused()
    {
        using var forger = new DevelopmentTokenIssuer(new DevelopmentIssuerOptions { Enabled = true }, TestApp.Audience);
        Assert.Equal(_app.Issuer.Issuer, forger.Issuer);

        var response = await GetAsync(forger.Issue("mallory", [RatingGrant.Parse("admin@/P01")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_payload_was_edited_after_signing_is_refused()
    {
        var parts = _app.Issuer.Issue("bob", Grants).Split('.');
        var payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("observer@/P01", "admin@/P01", StringComparison.Ordinal);
        var edited = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(edited)).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_alg_none_is_refused()
    {
        var header = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            $$"""{"sub":"eve","iss":"{{_app.Issuer.Issuer}}","aud":"{{TestApp.Audience}}","nbf":{{now}},"exp":{{now + 600}},"br_grant":["admin@/P01"]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"{header}.{payload}.")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = _app.Issuer.Issue("carol", Grants,
            new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddHours(-2), Lifetime = TimeSpan.FromHours(1) });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_expired_by_less_than_the_configured_clock_skew_is_still_accepted()
    {
        var token = _app.Issuer.Issue("carol", Grants,
            new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-61), Lifetime = TimeSpan.FromHours(1) });

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_not_yet_valid_beyond_the_clock_skew_is_refused()
    {
        var token = _app.Issuer.Issue("dan", Grants, new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(10) });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _app.Issuer.Issue("erin", Grants, new TokenShape { Audience = "api://another-application" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_issuer_signed_with_the_trusted_key_is_refused()
    {
        var token = _app.Issuer.Issue("frank", Grants, new TokenShape { Issuer = "https://login.example/other" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token)).StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

using System.Net;
using System.Net.Http.Headers;
using BranchRating.Security.Authentication;
using BranchRating.Security.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Tests.Authentication;

public sealed class AuthConfigurationTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_development_issuer_is_refused_outside_development_and_testing(string environment)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApp.StartAsync(_ => { }, TestApp.DevelopmentSettings(), environment));

        Assert.Contains("Auth:Development:Enabled is refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_an_authority_is_refused_at_startup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApp.StartAsync(_ => { }, new Dictionary<string, string?> { ["Auth:Audience"] = TestApp.Audience }, "Production"));

        Assert.Contains("Auth:Authority is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusting_both_the_authority_and_the_development_issuer_is_refused()
    {
        var settings = TestApp.DevelopmentSettings();
        settings["Auth:Authority"] = "https://login.microsoftonline.com/contoso/v2.0";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(_ => { }, settings, "Development"));

        Assert.Contains("trust exactly one issuer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entra_authority_configures_metadata_validation_without_a_local_key()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Audience"] = "api://branchrating",
            ["Auth:Authority"] = "https://login.microsoftonline.com/contoso/v2.0",
            ["Auth:ClockSkew"] = "00:00:30",
        };
        await using var app = await TestApp.StartAsync(_ => { }, settings, "Production");

        var jwt = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://login.microsoftonline.com/contoso/v2.0", jwt.Authority);
        Assert.Null(jwt.TokenValidationParameters.IssuerSigningKey);
        Assert.Equal("api://branchrating", jwt.TokenValidationParameters.ValidAudience);
        Assert.Equal(TimeSpan.FromSeconds(30), jwt.TokenValidationParameters.ClockSkew);
        Assert.True(jwt.TokenValidationParameters.ValidateLifetime);
        Assert.True(jwt.TokenValidationParameters.ValidateIssuer);
        Assert.Null(app.Services.GetRequiredService<DevelopmentIssuerHolder>().Issuer);
    }

    [Fact]
    public async Task A_token_minted_from_the_key_file_is_accepted_by_a_host_reading_the_same_file()
    {
        var keyPath = Path.Combine(Path.GetTempPath(), "br-sec-" + Guid.NewGuid().ToString("N"), "signing-key.pem");
        try
        {
            var token = DevelopmentTokenIssuer.Mint(keyPath, TestApp.Audience, "grace", ["secretary@/P01/C03/X12/B7"]);
            Assert.True(File.Exists(keyPath));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            }

            var settings = TestApp.DevelopmentSettings();
            settings["Auth:Development:SigningKeyPath"] = keyPath;
            await using var app = await TestApp.StartAsync(a => a.MapGet("/ok", () => "ok").RequireAuthorization(), settings);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ok") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

            var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(keyPath)!, recursive: true);
        }
    }
}

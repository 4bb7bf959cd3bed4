using BranchRating.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BranchRating.Security.Tests.Support;

/// <summary>A minimal ASP.NET Core app on the in-memory test server, secured exactly as the host is.</summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string Audience = "api://branchrating-tests";

    private readonly WebApplication _app;

    private TestApp(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The development issuer the app trusts (the same instance signs the tests' tokens).</summary>
    public DevelopmentTokenIssuer Issuer =>
        Services.GetRequiredService<DevelopmentIssuerHolder>().Issuer ?? throw new InvalidOperationException("development issuer disabled");

    public static Dictionary<string, string?> DevelopmentSettings() => new()
    {
        ["Auth:Audience"] = Audience,
        ["Auth:Development:Enabled"] = "true",
        ["Auth:ClockSkew"] = "00:02:00",
    };

    public static async Task<TestApp> StartAsync(
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        string environment = "Testing",
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? middleware = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? DevelopmentSettings());
        builder.Services.AddBranchRatingSecurity(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        middleware?.Invoke(app);
        app.UseBranchRatingSecurity();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

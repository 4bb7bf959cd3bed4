using BranchRating.Host.Hosting;
using BranchRating.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace BranchRating.Cli.Tests;

/// <summary>The real host (api role, Development environment: endpoints open) on a test server against Azurite.</summary>
public class CliHost : IAsyncLifetime
{
    private Azurite? _azurite;
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    protected virtual string Roles => "api";

    public async ValueTask InitializeAsync()
    {
        _azurite = await Azurite.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        var settings = PipelineTestSettings.Fast(Roles);
        settings["Storage:ConnectionString"] = _azurite.ConnectionString;
        settings["Logging:LogLevel:Default"] = "Warning";

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBranchRatingHost();
        _app = builder.Build();
        _app.MapBranchRatingHost();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Http = _app.GetTestClient();
    }

    /// <summary>Runs <c>brc</c> in-process against this host.</summary>
    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync([.. args, "--url", "http://localhost"], output, error, Http, TestContext.Current.CancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

public sealed record CliRun(int Exit, string Out, string Err);

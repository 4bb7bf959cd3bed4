using System.Collections.Concurrent;
using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using BranchRating.Host.Hosting;
using BranchRating.Host.Telemetry;
using BranchRating.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>
/// Telemetry is exported to Application Insights only when APPLICATIONINSIGHTS_CONNECTION_STRING is set, with an
/// Entra ID token of the host's credential (never a key). The ingestion endpoint here is a closed loopback port, so
/// nothing leaves the machine; <see cref="RecordingCredential"/> stands in for the managed identity.
/// </summary>
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:1/";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    static TelemetryTests() =>
        // The exporter's own usage reports would go to a fixed Microsoft endpoint: never from a test.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");

    [Fact]
    public async Task Without_a_connection_string_the_host_starts_and_exports_nothing()
    {
        await using var app = TestHosts.Build(azurite.ConnectionString, "api");
        await app.StartAsync(Ct);

        using var response = await app.GetTestClient().GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<TokenCredential>());
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task With_a_connection_string_the_host_starts_and_exports_with_an_entra_token(string roles)
    {
        var credential = new RecordingCredential();
        await using var app = TestHosts.Build(
            azurite.ConnectionString,
            roles,
            new Dictionary<string, string?> { [TelemetryRegistration.ConnectionStringSetting] = ConnectionString },
            services =>
            {
                services.AddSingleton<TokenCredential>(credential);
                services.Configure<AzureMonitorExporterOptions>(o => o.DisableOfflineStorage = true);
            });
        await app.StartAsync(Ct);

        using var response = await app.GetTestClient().GetAsync(new Uri("/no-such-route", UriKind.Relative), Ct);
        var tracer = app.Services.GetRequiredService<TracerProvider>();
        var meter = app.Services.GetRequiredService<MeterProvider>();

        // The request's span ends after the response was handed back, and runtime metrics always exist: flush both
        // until an export has asked for a token (the export itself then fails on the closed port, as intended).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!credential.Scopes.Any(s => s.Contains("monitor.azure.com", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            tracer.ForceFlush(2_000);
            meter.ForceFlush(2_000);
            await Task.Delay(100, Ct);
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(credential.Scopes, s => s.Contains("monitor.azure.com", StringComparison.Ordinal));
        await app.StopAsync(Ct);
    }

    [Theory]
    [InlineData("api", "branchrating-api")]
    [InlineData("worker", "branchrating-worker")]
    [InlineData("scheduler", "branchrating-scheduler")]
    public void Each_run_reports_as_its_own_cloud_role(string roles, string expected) =>
        Assert.Equal(expected, TelemetryRegistration.ServiceName(HostRoles.Parse(roles)));

    /// <summary>Hands out a fixed token and records the scopes asked for.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public ConcurrentBag<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Add(scope);
            }

            return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BranchRating.Host.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BranchRating.Host.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs of the host exported to Application Insights, when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (off otherwise: local runs and tests write to the console only).
/// The exporter authenticates with the <see cref="TokenCredential"/> of the container (Entra ID; the resource has
/// local, key-based ingestion disabled): <see cref="DefaultAzureCredential"/> = the user-assigned identity of
/// <c>AZURE_CLIENT_ID</c>, which holds Monitoring Metrics Publisher on the resource. The connection string names
/// the resource and its ingestion endpoint; it grants nothing without a token.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The cloud role (service.name) of a process: one per Container Apps run in the application map.</summary>
    public static string ServiceName(HostRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return "branchrating-" + roles.ToString().Replace(", ", "-", StringComparison.Ordinal).ToLowerInvariant();
    }

    public static IServiceCollection AddBranchRatingTelemetry(this IServiceCollection services, IConfiguration configuration, HostRoles roles)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        // The credential comes from DI when the exporters are built (tests replace it), so it is set through options.
        services.AddOptions<AzureMonitorExporterOptions>().Configure<IServiceProvider>((o, provider) =>
        {
            o.ConnectionString = connectionString;
            o.Credential = provider.GetRequiredService<TokenCredential>();
            o.EnableLiveMetrics = false;
        });

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName(roles), serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path != "/healthz")
                .AddHttpClientInstrumentation()
                .AddAzureMonitorTraceExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("System.Runtime")
                .AddAzureMonitorMetricExporter())
            .WithLogging(l => l.AddAzureMonitorLogExporter());
        return services;
    }
}

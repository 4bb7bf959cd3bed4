using BranchRating.Functions.Campaigns;
using BranchRating.Functions.Dashboard;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Lifecycle;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Security;
using BranchRating.Security;
using BranchRating.Security.Audit;
using BranchRating.Host.Http;
using BranchRating.Host.Queues;
using BranchRating.Host.Storage;
using BranchRating.Host.Telemetry;
using BranchRating.Host.Timers;
using BranchRating.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Hosting;

/// <summary>What Program.cs calls: services for the roles of this process, then the endpoints of the api role.</summary>
public static class HostRegistration
{
    public static WebApplicationBuilder AddBranchRatingHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var roles = HostRoles.Parse(configuration[HostRoles.SettingKey]);

        // Secrets (Ballots:PepperKey for the api) from Key Vault when KeyVault:VaultUri is set, before anything binds.
        KeyVaultSecrets.AddTo(configuration, configuration, roles);

        services.AddSingleton(roles);
        services.AddSingleton<HostExitCode>();
        services.AddSingleton(TimeProvider.System);
        services.AddBranchRatingHttp();
        services.AddBranchRatingStorage(configuration);

        // Traces, metrics and logs to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
        services.AddBranchRatingTelemetry(configuration, roles);

        // Every role registers the functions' services (an api handler may enqueue, a timer may read tables);
        // only the roles below decide what runs.
        services.AddCampaignFunctions();
        services.AddNotificationFunctions();
        services.AddLifecycleFunctions();

        // Every role: the api role appends to the audit trail, the worker anchors its head in each published version.
        services.AddBranchRatingAudit(configuration);

        if (roles.Has(HostRole.Api))
        {
            services.AddOpenApi(o => o.AddDocumentTransformer<ProblemResponsesTransformer>());

            // Bearer tokens (Auth:*), hierarchy-scoped authorization, rate and body limits, ballots, audit trail.
            services.AddSecurityFunctions(configuration);
        }

        if (roles.Has(HostRole.Worker))
        {
            services.AddSingleton<IConfigureOptions<QueueFunctionOptions>, QueueFunctionOptionsSetup>();
            services.AddSingleton<IValidateOptions<QueueFunctionOptions>, QueueFunctionOptionsValidator>();
            services.TryAddSingleton<QueueSendSignals>();
            services.AddSingleton<QueueListeners>();
            services.AddHostedService(provider => provider.GetRequiredService<QueueListeners>());
        }

        if (roles.Has(HostRole.Scheduler))
        {
            services.AddOptions<SchedulerOptions>()
                .Bind(configuration.GetSection(SchedulerOptions.SectionName))
                .Configure(o => o.RunOnce = configuration.GetValue(SchedulerOptions.RunOnceSetting, false))
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
            services.AddSingleton<CronScheduler>();
            services.AddHostedService(provider => provider.GetRequiredService<CronScheduler>());
        }

        return builder;
    }

    public static WebApplication MapBranchRatingHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var roles = app.Services.GetRequiredService<HostRoles>();
        app.UseBranchRatingProblemDetails();
        if (roles.Has(HostRole.Api))
        {
            app.UseBranchRatingSecurity();
        }

        // Every role answers the health probe of its container app.
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok", roles = roles.ToString() }))
            .ExcludeFromDescription();

        if (roles.Has(HostRole.Api))
        {
            app.MapOpenApi();
            // One secured group (PipelineEndpointPermissions) for every HTTP function but the security ones,
            // which declare their own requirements.
            var secured = app.MapSecuredPipeline();
            secured.MapCampaignFunctions();
            secured.MapNotificationFunctions();
            secured.MapLifecycleFunctions();
            app.MapSecurityFunctions();

            // The results dashboard's static pages (public files; the data they read is secured above).
            app.MapDashboard();
        }

        return app;
    }
}

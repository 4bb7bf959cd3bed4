using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications;
using BranchRating.Storage.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Lifecycle;

/// <summary>Registers the campaign lifecycle (timelines, reminders, missing reports, notice, objections) with the host.</summary>
public static class LifecycleFunctions
{
    public static IServiceCollection AddLifecycleFunctions(this IServiceCollection services)
    {
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section);
        services.AddSingleton(p => new LifecycleStore(p.Table(StorageNames.Tables.Campaigns)));
        services.AddSingleton(p => new PublishedResultReader(p.Table(StorageNames.Tables.Results)));
        services.AddSingleton<MissingReportBuilder>();
        services.AddSingleton<NoticeService>();
        services.AddSingleton<LifecycleAdvancer>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton(p => new SeriesStore(p.Table(StorageNames.Tables.Campaigns)));
        services.AddSingleton<SeriesService>();
        services.AddSingleton<LedgerService>();
        services.AddSingleton<ReRatingPublisher>();
        services.AddSingleton<RectificationService>();
        services.AddSingleton<ITimerFunction, AdvanceLifecycle>();

        // Lifecycle events are written to the outbox rows of the campaigns table: the outbox timer sweeps it too.
        services.AddOutboxTable(StorageNames.Tables.Campaigns);
        return services;
    }

    public static IEndpointRouteBuilder MapLifecycleFunctions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("lifecycle");
        LifecycleEndpoints.Map(api);
        SeriesEndpoints.Map(api);
        LedgerEndpoints.Map(api);
        ImportRosterXlsx.Map(api);
        ListObjections.Map(api);
        return routes;
    }

}

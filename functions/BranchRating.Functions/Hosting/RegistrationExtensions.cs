using Azure.Data.Tables;
using BranchRating.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Hosting;

/// <summary>Small helpers shared by the functions' registrations.</summary>
internal static class RegistrationExtensions
{
    /// <summary>The table of that name on the registered <see cref="TableServiceClient"/>.</summary>
    public static TableClient Table(this IServiceProvider provider, string name) =>
        provider.GetRequiredService<TableServiceClient>().GetTableClient(name);

    /// <summary>Makes the DispatchOutbox timer sweep <paramref name="table"/>, where a change writes its outbox rows beside it.</summary>
    public static IServiceCollection AddOutboxTable(this IServiceCollection services, string table) =>
        services.PostConfigure<NotificationOptions>(o =>
        {
            if (!o.Outbox.Tables.Contains(table))
            {
                o.Outbox.Tables.Add(table);
            }
        });
}

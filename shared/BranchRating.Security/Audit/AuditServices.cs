using Azure.Data.Tables;
using BranchRating.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Audit;

public static class AuditServices
{
    /// <summary>Registers <see cref="AuditTrail"/> over the <c>audit</c> table of the host's <see cref="TableServiceClient"/>.</summary>
    public static IServiceCollection AddBranchRatingAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditTrailOptions>().Bind(configuration.GetSection(AuditTrailOptions.SectionName))
            .Validate(o => o.MaxAppendAttempts >= 1 && o.MaxStateLength is >= 1 and <= 30_000 && o.MaxReasonLength >= 1,
                "Audit: MaxAppendAttempts ≥ 1, MaxStateLength 1-30000, MaxReasonLength ≥ 1.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => new AuditTrail(
            provider.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.Audit),
            provider.GetRequiredService<IOptions<AuditTrailOptions>>().Value,
            provider.GetService<NodaTime.IClock>()));
        return services;
    }
}

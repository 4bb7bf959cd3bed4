using Azure.Data.Tables;
using BranchRating.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Access;

public static class AccessGrantServices
{
    /// <summary>
    /// Registers the grants table (<c>accessgrants</c> of the host's <see cref="TableServiceClient"/>), its cache and the
    /// claims transformation that applies it to Entra ID tokens (section <c>Auth:Grants</c>).
    /// </summary>
    public static IServiceCollection AddBranchRatingAccessGrants(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessGrantOptions>().Bind(configuration.GetSection(AccessGrantOptions.SectionName))
            .Validate(o => o.CacheDuration >= TimeSpan.Zero && o.CacheDuration <= TimeSpan.FromHours(1) && o.MaxCachedPrincipals >= 1
                && !string.IsNullOrWhiteSpace(o.ObjectIdClaimType) && !string.IsNullOrWhiteSpace(o.TenantIdClaimType),
                "Auth:Grants: CacheDuration 0 to 1 hour, MaxCachedPrincipals ≥ 1, ObjectIdClaimType and TenantIdClaimType required.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => new AccessGrantStore(provider.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.AccessGrants)));
        services.TryAddSingleton(provider => new AccessGrantCache(
            provider.GetRequiredService<AccessGrantStore>(),
            provider.GetRequiredService<IOptions<AccessGrantOptions>>(),
            provider.GetKeyedService<TimeProvider>(AccessGrantCache.ClockKey) ?? provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.RemoveAll<IClaimsTransformation>(); // AddAuthentication registered a no-op one
        services.AddTransient<IClaimsTransformation, AccessGrantClaimsTransformation>();
        return services;
    }
}

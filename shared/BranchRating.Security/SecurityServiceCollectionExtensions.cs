using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BranchRating.Security;

/// <summary>The host's two calls: <c>builder.Services.AddBranchRatingSecurity(builder.Configuration)</c> and <c>app.UseBranchRatingSecurity()</c>.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddBranchRatingSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddBranchRatingAuthentication(configuration);
        services.AddBranchRatingAuthorization();
        return services;
    }

    public static IServiceCollection AddBranchRatingAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.TryAddSingleton(PermissionMatrix.Default);
        services.TryAddSingleton<RatingAuthorizer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, RatingAuthorizationHandler>());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Authentication, then authorization (after routing, before the endpoints).</summary>
    public static IApplicationBuilder UseBranchRatingSecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}

using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Input;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BranchRating.Security;

/// <summary>
/// The host's two calls: <c>builder.Services.AddBranchRatingSecurity(builder.Configuration)</c> and, after routing and
/// before the endpoints, <c>app.UseBranchRatingSecurity()</c>.
/// </summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddBranchRatingSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddBranchRatingAuthentication(configuration);
        services.AddBranchRatingAuthorization();
        services.AddBranchRatingRateLimiting(configuration);
        services.AddOptions<RequestLimitsOptions>().Bind(configuration.GetSection(RequestLimitsOptions.SectionName))
            .Validate(o => o.MaxBodyBytes > 0, "RequestLimits:MaxBodyBytes must be positive.")
            .ValidateOnStart();
        services.PostConfigure<JsonOptions>(o => StrictJson.Harden(o.SerializerOptions));
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

    /// <summary>Body limits, authentication, per-caller rate limits (they need the caller), then authorization.</summary>
    public static IApplicationBuilder UseBranchRatingSecurity(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}

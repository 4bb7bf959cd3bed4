using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Host.Http;

/// <summary>RFC 9457 problem details for every error, the JSON rules, and the endpoints every role serves.</summary>
public static class HttpRegistration
{
    public static IServiceCollection AddBranchRatingHttp(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o => HostJson.Configure(o.SerializerOptions));

        // Minimal APIs throw BadHttpRequestException for unbindable requests instead of answering an empty 400,
        // so the exception handler can say which field and why.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "There is no resource at this address.",
                StatusCodes.Status405MethodNotAllowed => $"This resource does not accept {context.HttpContext.Request.Method}.",
                StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON, sent with Content-Type: application/json.",
                _ => null,
            };
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary>Exception handler and status-code pages first, so every error below them is a problem document.</summary>
    public static IApplicationBuilder UseBranchRatingProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Input;

/// <summary>
/// ASP.NET Core rate limiting per caller: fixed windows partitioned by the token's subject (or the client address
/// when anonymous), refused with 429, <c>Retry-After</c> (seconds) and problem details.
/// Endpoints opt in: <c>.RequireRateLimiting(RatingRateLimits.Submissions)</c>.
/// </summary>
public static class RatingRateLimits
{
    public const string Submissions = "submissions";
    public const string Ballots = "ballots";

    public static IServiceCollection AddBranchRatingRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .Validate(o => Valid(o.Submissions) && Valid(o.Ballots), "RateLimits: PermitLimit must be at least 1 and Window between 1 second and 1 day.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Submissions, context => Partition(context, o => o.Submissions, byCaller: true));
            limiter.AddPolicy(Ballots, context => Partition(context, o => o.Ballots, byCaller: false));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too Many Requests",
                    detail: $"Too many requests from this caller; retry after {seconds} s.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The partition key: the token's subject when authenticated, otherwise the client address.</summary>
    public static string CallerKey(HttpContext context, bool byCaller)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        return byCaller && !string.IsNullOrEmpty(subject)
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitingOptions, WindowLimit> pick, bool byCaller)
    {
        var limit = pick(context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(CallerKey(context, byCaller), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static bool Valid(WindowLimit limit) =>
        limit.PermitLimit >= 1 && limit.Window >= TimeSpan.FromSeconds(1) && limit.Window <= TimeSpan.FromDays(1);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchRating.Functions.Security;

/// <summary>
/// Records every accepted change made through a pipeline endpoint in the campaign's audit chain: who (token subject),
/// role (the grant that allowed it), the action, the entity (request path), the request body as the "after" state
/// (its SHA-256 when longer than a record holds), and the reason from header <c>X-Change-Reason</c> plus the
/// <c>Idempotency-Key</c> (a replay is recognisable as such). Anonymous ballots are never recorded.
/// </summary>
public sealed partial class AuditedChangeFilter : IEndpointFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (status is < 200 or >= 300 || action is null || endpoint is null || !Changes(endpoint.Metadata) || http.GetRatingAccess() is not { } access)
        {
            return result;
        }

        var body = context.Arguments.FirstOrDefault(a => a?.GetType().Namespace?.StartsWith("BranchRating.Contracts", StringComparison.Ordinal) == true);
        var after = body is null ? null : JsonSerializer.Serialize(body, body.GetType(), Json);
        if (after is { Length: > 30_000 })
        {
            after = JsonSerializer.Serialize(new { sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(after))), length = after.Length });
        }

        var reason = new StringBuilder(http.Request.Headers["X-Change-Reason"].ToString() is { Length: > 0 } given ? given[..Math.Min(given.Length, 500)] : action);
        if (http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key)
        {
            reason.Append(" (Idempotency-Key ").Append(key[..Math.Min(key.Length, 128)]).Append(')');
        }

        var chain = http.GetRouteValue("campaignId")?.ToString() ?? "system";
        try
        {
            await http.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(chain, new AuditEntry(
                http.User.Identity?.Name ?? "unknown", access.Grant.ToString(), action, http.Request.Path.Value ?? "/", null, after, reason.ToString()),
                http.RequestAborted);
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException)
        {
            // The change is stored already; failing the request now would only make the client retry it.
            LogNotAudited(http.RequestServices.GetRequiredService<ILogger<AuditedChangeFilter>>(), e, action, http.Request.Path.Value);
        }

        return result;
    }

    /// <summary>True for endpoints that change state (any method but GET/HEAD).</summary>
    public static bool Changes(IEnumerable<object> metadata) =>
        metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m));

    [LoggerMessage(LogLevel.Error, "Change {Action} on {Path} was accepted but could not be recorded in the audit trail")]
    private static partial void LogNotAudited(ILogger logger, Exception exception, string action, string? path);
}

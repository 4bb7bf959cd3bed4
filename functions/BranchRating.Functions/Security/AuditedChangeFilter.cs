using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BranchRating.Functions.Security.AuditBefore;
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
/// <c>Idempotency-Key</c> (a replay is recognisable as such). The "before" state is read, before the handler runs, by the
/// endpoint's <see cref="IAuditBeforeState"/> when it has one (else null); the step names the campaign step concerned.
/// Anonymous ballots are never recorded.
/// </summary>
public sealed partial class AuditedChangeFilter : IEndpointFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (action is null || endpoint is null || !Changes(endpoint.Metadata) || http.GetRatingAccess() is null)
        {
            return await next(context);
        }

        var before = await BeforeAsync(http, context.Arguments, action);
        var result = await next(context);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status is < 200 or >= 300 || http.GetRatingAccess() is not { } access)
        {
            return result;
        }

        var body = context.Arguments.FirstOrDefault(a => a?.GetType().Namespace?.StartsWith("BranchRating.Contracts", StringComparison.Ordinal) == true);
        var after = Fit(body is null ? null : JsonSerializer.Serialize(body, body.GetType(), Json));

        var reason = new StringBuilder(http.Request.Headers["X-Change-Reason"].ToString() is { Length: > 0 } given ? given[..Math.Min(given.Length, 500)] : action);
        if (http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key)
        {
            reason.Append(" (Idempotency-Key ").Append(key[..Math.Min(key.Length, 128)]).Append(')');
        }

        var chain = http.GetRouteValue("campaignId")?.ToString() ?? "system";
        try
        {
            await http.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(chain, new AuditEntry(
                http.User.Identity?.Name ?? "unknown", access.Grant.ToString(), StepOf(action, before.Step), http.Request.Path.Value ?? "/", before.State, after, reason.ToString()),
                http.RequestAborted);
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException)
        {
            // The change is stored already; failing the request now would only make the client retry it.
            LogNotAudited(http.RequestServices.GetRequiredService<ILogger<AuditedChangeFilter>>(), e, action, http.Request.Path.Value);
        }

        return result;
    }

    /// <summary>
    /// The state the change replaces, read by the endpoint's <see cref="IAuditBeforeState"/> (keyed by endpoint name) before the
    /// handler runs; no lookup, or a lookup that cannot read storage, gives <c>before: null</c>. The step is the lookup's,
    /// else route value <c>step</c>.
    /// </summary>
    private static async Task<(string? Step, string? State)> BeforeAsync(HttpContext http, IList<object?> arguments, string action)
    {
        var step = http.GetRouteValue("step")?.ToString();
        if (http.RequestServices.GetKeyedService<IAuditBeforeState>(action) is not { } lookup)
        {
            return (step, null);
        }

        try
        {
            var found = await lookup.ReadAsync(http, arguments, http.RequestAborted);
            return (found.Step ?? step, found.State is null ? null : Fit(JsonSerializer.Serialize(found.State, found.State.GetType(), Json)));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or JsonException)
        {
            LogNoBefore(http.RequestServices.GetRequiredService<ILogger<AuditedChangeFilter>>(), e, action, http.Request.Path.Value);
            return (step, null);
        }
    }

    /// <summary>The record's step: the endpoint name, with the campaign step it concerns in parentheses when there is one.</summary>
    public static string StepOf(string action, string? step) =>
        string.IsNullOrWhiteSpace(step) ? action : $"{action} ({step[..Math.Min(step.Length, 64)]})";

    private static string? Fit(string? json) =>
        json is { Length: > 30_000 }
            ? JsonSerializer.Serialize(new { sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), length = json.Length })
            : json;

    /// <summary>True for endpoints that change state (any method but GET/HEAD).</summary>
    public static bool Changes(IEnumerable<object> metadata) =>
        metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m));

    [LoggerMessage(LogLevel.Error, "Change {Action} on {Path} was accepted but could not be recorded in the audit trail")]
    private static partial void LogNotAudited(ILogger logger, Exception exception, string action, string? path);

    [LoggerMessage(LogLevel.Warning, "The state before change {Action} on {Path} could not be read; the audit record says before: null")]
    private static partial void LogNoBefore(ILogger logger, Exception exception, string action, string? path);
}

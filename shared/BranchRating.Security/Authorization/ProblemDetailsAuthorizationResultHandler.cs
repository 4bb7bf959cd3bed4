using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Security.Authorization;

/// <summary>Answers refused requests with RFC 9457 problem details: 401 (with WWW-Authenticate) or 403 naming the reason.</summary>
public sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(null))
            {
                await (scheme is null ? context.ChallengeAsync() : context.ChallengeAsync(scheme));
            }

            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                "A valid bearer token is required (issuer, audience, signature and lifetime are checked).");
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                reasons.Count > 0 ? string.Join("; ", reasons) : "The caller's grants do not allow this request.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }
}

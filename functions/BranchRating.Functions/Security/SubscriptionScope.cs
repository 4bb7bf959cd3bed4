using System.Text.Json;
using BranchRating.Functions.Notifications;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Security;

/// <summary>
/// The organization a webhook-subscription request acts on: the subscription's scope (a roster path such as
/// <c>/C01-T06/</c>, matched by prefix against event paths) placed under <c>Auth:RosterRoot</c>, so that an
/// organization-department administrator manages the webhooks of its own subtree. Read from the stored subscription
/// for <c>{id}</c> routes, from the body's <c>scope</c> on create, from <c>?scope=</c> on list (the root when absent).
/// Anything unreadable resolves to null: refused, and an unknown id is not revealed.
/// </summary>
public static class SubscriptionScope
{
    private const int MaxBodyToInspect = 64 * 1024;

    public static ScopeSelector From(OrganizationPath root) => async context =>
    {
        if (context.GetRouteValue("id")?.ToString() is { } id)
        {
            if (id.Length is 0 or > 64)
            {
                return null;
            }

            var storage = context.RequestServices.GetRequiredService<NotificationStorage>();
            var subscription = await storage.Subscriptions.GetAsync(id, context.RequestAborted);
            return subscription is null ? null : Under(root, subscription.Scope);
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            return Under(root, await ScopeInBodyAsync(context.Request, context.RequestAborted));
        }

        var query = context.Request.Query["scope"];
        return query.Count switch
        {
            0 => root,
            1 => Under(root, query[0]),
            _ => null,
        };
    };

    /// <summary><c>/</c> is the root itself; <c>/C01-T06/</c> is <c>{root}/C01-T06</c>.</summary>
    public static OrganizationPath? Under(OrganizationPath root, string? scope)
    {
        if (scope is null || scope.Length > 512 || !scope.StartsWith('/'))
        {
            return null;
        }

        var relative = scope.Trim('/');
        if (relative.Length == 0)
        {
            return root;
        }

        return OrganizationPath.TryParse(root.Value + "/" + relative, out var path, out _) ? path : null;
    }

    /// <summary>The body's top-level string member <c>scope</c> (the body stays readable for the handler); null when absent or unreadable.</summary>
    internal static async Task<string?> ScopeInBodyAsync(HttpRequest request, CancellationToken cancellationToken, int maxBodyToInspect = MaxBodyToInspect)
    {
        if (request.ContentLength is { } length && length > maxBodyToInspect)
        {
            return null;
        }

        request.EnableBuffering(maxBodyToInspect);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String
                ? scope.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

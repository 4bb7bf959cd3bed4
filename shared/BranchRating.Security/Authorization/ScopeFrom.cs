using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Authorization;

/// <summary>Finds the organization a request acts on, before the handler runs (null = cannot tell: refused).</summary>
public delegate ValueTask<OrganizationPath?> ScopeSelector(HttpContext context);

/// <summary>
/// Where endpoints find their target organization. The pipeline registers an <see cref="IRatingScopeResolver"/>
/// over its tables for ids; paths in the route or query need none.
/// </summary>
public static class ScopeFrom
{
    /// <summary>An organization path in a route value, e.g. <c>/results/{**scope}</c> with <c>P01/C03</c>.</summary>
    public static ScopeSelector RoutePath(string routeValue) => context =>
        ValueTask.FromResult(ParsePath(context.GetRouteValue(routeValue)?.ToString()));

    /// <summary>Always the same organization (e.g. the department that runs every campaign).</summary>
    public static ScopeSelector Fixed(OrganizationPath path) => _ => ValueTask.FromResult<OrganizationPath?>(path);

    /// <summary>An organization path written with dots in one route segment, e.g. <c>/ballot-boxes/P01.C03.X12</c>.</summary>
    public static ScopeSelector DottedRoutePath(string routeValue) => context =>
        ValueTask.FromResult(ParsePath(context.GetRouteValue(routeValue)?.ToString()?.Replace('.', '/')));

    /// <summary>An organization path in a query parameter, e.g. <c>?scope=/P01/C03</c>.</summary>
    public static ScopeSelector QueryPath(string parameter) => context =>
        ValueTask.FromResult(ParsePath(context.Request.Query[parameter].Count == 1 ? context.Request.Query[parameter][0] : null));

    /// <summary>An organization id in a route value, resolved to its path by <see cref="IRatingScopeResolver"/>.</summary>
    public static ScopeSelector Organization(string campaignRouteValue, string organizationRouteValue) => context =>
    {
        var campaign = context.GetRouteValue(campaignRouteValue)?.ToString();
        var organization = context.GetRouteValue(organizationRouteValue)?.ToString();
        var resolver = context.RequestServices.GetService<IRatingScopeResolver>();
        return campaign is null || organization is null || resolver is null
            ? ValueTask.FromResult<OrganizationPath?>(null)
            : resolver.OrganizationPathAsync(campaign, organization, context.RequestAborted);
    };

    /// <summary>A campaign id in a route value, resolved to the path of the department that owns the campaign.</summary>
    public static ScopeSelector Campaign(string campaignRouteValue) => context =>
    {
        var campaign = context.GetRouteValue(campaignRouteValue)?.ToString();
        var resolver = context.RequestServices.GetService<IRatingScopeResolver>();
        return campaign is null || resolver is null
            ? ValueTask.FromResult<OrganizationPath?>(null)
            : resolver.CampaignScopeAsync(campaign, context.RequestAborted);
    };

    private static OrganizationPath? ParsePath(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return OrganizationPath.TryParse(value[0] == '/' ? value : "/" + value, out var path, out _) ? path : null;
    }
}

/// <summary>Implemented by the pipeline over its tables (organizations, campaigns). Unknown ids resolve to null; without a registered resolver every id-scoped request is refused.</summary>
public interface IRatingScopeResolver
{
    ValueTask<OrganizationPath?> OrganizationPathAsync(string campaignId, string organizationId, CancellationToken cancellationToken = default);

    ValueTask<OrganizationPath?> CampaignScopeAsync(string campaignId, CancellationToken cancellationToken = default);
}

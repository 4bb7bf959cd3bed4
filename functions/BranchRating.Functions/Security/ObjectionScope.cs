using BranchRating.Security.Authorization;
using BranchRating.Storage.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Security;

/// <summary>
/// The organization an objection is about: route value <c>objectionId</c> → the stored objection's roster code → its
/// path (<see cref="IRatingScopeResolver"/>). A decision is therefore authorized against the objected organization
/// (a reviewer of the committee above it), not against the department running the campaign. Unknown campaigns,
/// objections or codes resolve to null: refused without revealing whether the objection exists.
/// </summary>
public static class ObjectionScope
{
    public static ScopeSelector From(string campaignRouteValue, string objectionRouteValue) => async context =>
    {
        var campaign = context.GetRouteValue(campaignRouteValue)?.ToString();
        var id = context.GetRouteValue(objectionRouteValue)?.ToString();
        var lifecycle = context.RequestServices.GetService<LifecycleStore>();
        var resolver = context.RequestServices.GetService<IRatingScopeResolver>();
        if (campaign is not { Length: > 0 and <= 64 } || id is not { Length: > 0 and <= 64 } || lifecycle is null || resolver is null)
        {
            return null;
        }

        var objection = (await lifecycle.GetObjectionsAsync(campaign, context.RequestAborted)).FirstOrDefault(o => o.Id == id);
        return objection is null ? null : await resolver.OrganizationPathAsync(campaign, objection.Code, context.RequestAborted);
    };
}

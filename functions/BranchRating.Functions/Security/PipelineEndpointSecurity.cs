using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Input;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Security;

/// <summary>
/// A route group whose endpoints get their authorization and rate limit from <see cref="PipelineEndpointPermissions"/>
/// by endpoint name, after the endpoints' own conventions ran: <c>app.MapSecuredPipeline().MapCampaignFunctions()</c>.
/// </summary>
public static class PipelineEndpointSecurity
{
    private static readonly AuthorizationPolicy RefuseAll = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
        .RequireAssertion(_ => false)
        .Build();

    public static RouteGroupBuilder MapSecuredPipeline(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("");
        var auth = routes.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;

        // Body limits apply whatever the switch below says (a roster import is larger than the default limit).
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            if (name is not null && PipelineEndpointPermissions.Rules.TryGetValue(name, out var rule) && rule.MaxBodyBytes is { } max)
            {
                endpoint.Metadata.Add(new BodyLimitMetadata(max));
            }
        });
        if (!auth.ProtectPipelineEndpoints)
        {
            return group;
        }

        var root = OrganizationPath.Parse(auth.RosterRoot);
        group.AddEndpointFilter<AuditedChangeFilter>();
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            if (name is null || !PipelineEndpointPermissions.Rules.TryGetValue(name, out var rule))
            {
                endpoint.Metadata.Add(RefuseAll);
                return;
            }

            if (rule.RateLimit is not null)
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(rule.RateLimit));
            }

            switch (rule.Scope)
            {
                case PipelineScope.Anonymous:
                    endpoint.Metadata.Add(new AllowAnonymousAttribute());
                    break;
                case PipelineScope.AnyCaller:
                    endpoint.Metadata.Add(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build());
                    break;
                default:
                    endpoint.Metadata.Add(RatingEndpointExtensions.RatingPolicy(rule.Permission!.Value, rule.Scope switch
                    {
                        PipelineScope.Root => ScopeFrom.Fixed(root),
                        PipelineScope.Campaign => ScopeFrom.Campaign("campaignId"),
                        PipelineScope.NewCampaign => CampaignOwnerScope.From(root),
                        PipelineScope.Subscription => SubscriptionScope.From(root),
                        PipelineScope.Objection => ObjectionScope.From("campaignId", "objectionId"),
                        _ => ScopeFrom.Organization("campaignId", "code"),
                    }));
                    break;
            }
        });
        return group;
    }
}

using System.Net;
using System.Text.RegularExpressions;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Security;
using BranchRating.Security.Authorization;
using BranchRating.Security.Input;
using BranchRating.Security.Tests.Support;
using BranchRating.Simulation;
using BranchRating.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Host;

/// <summary>
/// The lifecycle and notification HTTP functions on the real host (protection on, Azurite): every endpoint of the host
/// declares what it needs, anonymous callers get 401 everywhere but the two anonymous endpoints, and each role is
/// allowed in its scope and refused outside it. Expectations are written from issue 6, not read from the tables.
/// </summary>
public sealed partial class LifecycleAndNotificationAuthorizationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>The security functions' own endpoints, which declare their requirements in place (RequireRating).</summary>
    private static readonly string[] SecurityOwn = ["WhoAmI", "IssueBallotBoxTokens", "CastBallot", "RecountBallotBox", "VerifyAuditTrail", "ListAuditAnchors", "ExportAuditTrail", "GrantAccess", "RevokeAccess", "ListAccessGrants"];

    /// <summary>Endpoints outside /api/v1 that are public on purpose: the health probe and the OpenAPI document.</summary>
    private static readonly string[] PublicRoutes = ["/healthz", "/openapi/{documentName}.json"];

    /// <summary>Who may call each lifecycle/notification endpoint on a target in their scope (issue 6 and the brief).</summary>
    private static readonly Dictionary<string, Role[]> AllowedInScope = new()
    {
        ["SetLifecycleSchedule"] = [Role.Admin],
        ["CloseStepEarly"] = [Role.Admin],
        ["ExtendStep"] = [Role.Admin],
        ["GetMissingReport"] = [Role.Admin, Role.Reviewer],
        ["StartNotice"] = [Role.Admin],
        ["DecideObjection"] = [Role.Reviewer],
        ["DetermineResult"] = [Role.Admin],
        ["IssueRectifications"] = [Role.Admin],
        ["ListRectifications"] = [Role.Admin, Role.Reviewer],
        ["CloseRectification"] = [Role.Secretary],
        ["ImportRosterXlsx"] = [Role.Admin],
        ["RegisterRound"] = [Role.Admin],
        ["ApplyYearEndLowering"] = [Role.Admin],
        ["ListLifecycleResults"] = [Role.Admin, Role.Reviewer, Role.Observer],
        ["GetLifecycleResult"] = [Role.Admin, Role.Reviewer, Role.Secretary, Role.Observer],
        ["GetLedger"] = [Role.Admin, Role.Reviewer, Role.Observer],
        ["GetRoundFigures"] = [Role.Admin, Role.Reviewer, Role.Observer],
        ["GetRatingHistory"] = [Role.Admin, Role.Reviewer, Role.Observer],
        ["CreateSubscription"] = [Role.Admin],
        ["ListSubscriptions"] = [Role.Admin],
        ["GetSubscription"] = [Role.Admin],
        ["DeleteSubscription"] = [Role.Admin],
        ["ListDeliveryLog"] = [Role.Admin],
        ["GetDelivery"] = [Role.Admin],
        ["RedeliverDelivery"] = [Role.Admin],
        ["ListDeadLetters"] = [Role.Admin],
        ["PingSubscription"] = [Role.Admin],
    };

    /// <summary>Any valid token (in or out of scope) may call these; no token at all may call the anonymous ones.</summary>
    private static readonly string[] AnyCaller = ["GetLifecycle"];
    private static readonly string[] Anonymous = ["RaiseObjection", "CastBallots", "CastBallot"];

    private readonly string _campaign = "lsec-" + Guid.NewGuid().ToString("N")[..8];
    private SecuredHost _host = null!;
    private GeneratedCounty _county = null!;
    private string _code = null!;
    private string _ownPath = null!;
    private string _otherPath = null!;
    private string _township = null!;
    private string _subscriptionId = null!;
    private string _objectionId = null!;
    private string _otherObjectionId = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SecuredHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimits:Submissions:PermitLimit"] = "100000",
            ["RateLimits:Ballots:PermitLimit"] = "100000",
        });
        _county = new CountyGenerator(Presets.Get("anyang-100"), seed: 7).Generate(6);
        var admin = new CampaignDriver(_host.CreateClient(_host.Token("setup", "admin@/P01/C03")), _campaign);
        await admin.CreateAsync("anyang-100", Steps(), "lifecycle security test", Ct);
        await admin.ImportRosterAsync(_county.Organizations.Select(o => o.Row), cancellationToken: Ct);
        _code = _county.Organizations[0].Row.Code!;
        var resolver = _host.Services.GetRequiredService<IRatingScopeResolver>();
        _ownPath = (await resolver.OrganizationPathAsync(_campaign, _code, Ct))!.Value;
        _otherPath = (await resolver.OrganizationPathAsync(_campaign, _county.Organizations[1].Row.Code!, Ct))!.Value;
        Assert.NotEqual(_ownPath, _otherPath);

        // A webhook subscription of the branch's township (roster path, as the notification events carry it).
        var relative = _ownPath["/P01/C03".Length..].Trim('/').Split('/');
        _township = "/" + relative[0] + "/";
        _subscriptionId = "sub_" + Guid.NewGuid().ToString("N");
        await _host.Services.GetRequiredService<BranchRating.Functions.Notifications.NotificationStorage>().Subscriptions.CreateAsync(
            new BranchRating.Storage.Notifications.SubscriptionRecord(_subscriptionId, "township", _township, ["rating.determined"],
                new Uri("http://127.0.0.1:9/hook"), BranchRating.Notifications.Formats.WebhookFormat.CloudEvents, DateTimeOffset.UtcNow),
            "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Ct);

        // Objections about the branch and about a branch of another township (decisions are scoped to the objected organization).
        _objectionId = await AddObjectionAsync(_code);
        var ownTownship = OrganizationPath.Parse("/P01/C03/" + _township.Trim('/'));
        foreach (var organization in _county.Organizations)
        {
            var path = await resolver.OrganizationPathAsync(_campaign, organization.Row.Code!, Ct);
            if (path is not null && !path.IsSelfOrDescendantOf(ownTownship))
            {
                _otherObjectionId = await AddObjectionAsync(organization.Row.Code!);
                break;
            }
        }

        Assert.NotNull(_otherObjectionId);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    public static TheoryData<string> MatrixEndpoints() => new(AllowedInScope.Keys.Concat(AnyCaller).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_endpoint_of_the_host_has_an_entry_saying_what_it_needs()
    {
        var missing = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var route = endpoint.RoutePattern.RawText ?? "";
            var declared = (name is not null && (PipelineEndpointPermissions.Rules.ContainsKey(name) || SecurityOwn.Contains(name)))
                || PublicRoutes.Contains(route);
            var guarded = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>().Count > 0
                || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || PublicRoutes.Contains(route);
            if (!declared || !guarded)
            {
                missing.Add($"{name ?? "(unnamed)"} {route} declared={declared} guarded={guarded}");
            }
        }

        Assert.Empty(missing);
        Assert.All(AllowedInScope.Keys.Concat(AnyCaller), name => Assert.True(PipelineEndpointPermissions.Rules.ContainsKey(name), name));
    }

    [Fact]
    public void Raising_an_objection_is_anonymous_but_rate_limited_by_the_ballot_policy()
    {
        var endpoint = Endpoint("RaiseObjection");

        Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
        Assert.Equal(RatingRateLimits.Ballots, endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_on_every_protected_endpoint_of_the_api()
    {
        var wrong = new List<string>();
        var count = 0;
        foreach (var endpoint in Endpoints().Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true))
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is not null && Anonymous.Contains(name))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                count++;
                using var response = await SendAsync(endpoint, method, bearer: null);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    wrong.Add($"{method} {endpoint.RoutePattern.RawText} ({name}) → {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(count >= PipelineEndpointPermissions.Rules.Count - 1, $"only {count} endpoints tried");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Anonymous_callers_may_raise_an_objection_the_notice_token_is_the_credential()
    {
        using var response = await SendAsync(Endpoint("RaiseObjection"), "POST", bearer: null);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(MatrixEndpoints))]
    public async Task Each_role_is_allowed_in_its_scope_and_refused_outside_it(string name)
    {
        var endpoint = Endpoint(name);
        var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0];
        var wrong = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var inScope in new[] { true, false })
            {
                var grant = Grant(role, inScope);
                var expectAllowed = AnyCaller.Contains(name) || (inScope && AllowedInScope[name].Contains(role));
                using var response = await SendAsync(endpoint, method, _host.Token($"{name}-{grant}", grant));
                var status = (int)response.StatusCode;
                var ok = expectAllowed
                    ? status is not (401 or 403) && status < 500
                    : response.StatusCode == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    wrong.Add($"{grant} ({(inScope ? "in" : "out of")} scope) expected {(expectAllowed ? "allowed" : "403")}, got {status}: {await Excerpt(response)}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_township_administrator_manages_the_webhooks_of_its_own_township_only()
    {
        var township = _host.Token("township-admin", "admin@/P01/C03/" + _township.Trim('/'));

        var own = await _host.SendAsync(HttpMethod.Get, $"/api/v1/subscriptions/{_subscriptionId}", township);
        var listOwn = await _host.SendAsync(HttpMethod.Get, $"/api/v1/subscriptions?scope={_township}", township);
        var listAll = await _host.SendAsync(HttpMethod.Get, "/api/v1/subscriptions", township);
        var createOwn = await _host.SendAsync(HttpMethod.Post, "/api/v1/subscriptions", township, rawJson: $"{{\"scope\":\"{_township}\",\"name\":\"x\"}}");
        var createRoot = await _host.SendAsync(HttpMethod.Post, "/api/v1/subscriptions", township, rawJson: "{\"scope\":\"/\",\"name\":\"x\"}");
        var createElsewhere = await _host.SendAsync(HttpMethod.Post, "/api/v1/subscriptions", township, rawJson: "{\"scope\":\"/C99-T99/\",\"name\":\"x\"}");
        var noScope = await _host.SendAsync(HttpMethod.Post, "/api/v1/subscriptions", township, rawJson: "{\"name\":\"x\"}");
        var unknownId = await _host.SendAsync(HttpMethod.Get, "/api/v1/subscriptions/sub_unknown", _host.Token("root-admin", "admin@/P01/C03"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listOwn.StatusCode);
        Assert.Contains(_subscriptionId, await listOwn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, listAll.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, createOwn.StatusCode); // allowed; refused by validation (no endpoint)
        Assert.Equal(HttpStatusCode.Forbidden, createRoot.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, createElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownId.StatusCode);
    }

    [Fact]
    public async Task An_objection_is_decided_by_a_reviewer_above_the_objected_organization_not_by_one_elsewhere()
    {
        var township = "/P01/C03/" + _township.Trim('/');
        var cases = new (string Grant, string Objection, bool Allowed)[]
        {
            ($"reviewer@{township}", _objectionId, true),          // the township committee above the branch
            ("reviewer@/P01/C03", _objectionId, true),             // the county committee, further above
            ($"reviewer@{township}", _otherObjectionId, false),    // a branch of another township
            ($"reviewer@{_ownPath}", _objectionId, false),         // the branch itself
            ($"admin@{township}", _objectionId, false),            // administrators determine, they do not decide objections
            ($"secretary@{_ownPath}", _objectionId, false),
            ("reviewer@/P01/C03", "no-such-objection", false),     // unknown: refused, existence not revealed
        };
        var wrong = new List<string>();
        foreach (var (grant, objection, allowed) in cases)
        {
            using var response = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/lifecycle/objections/{objection}/decision",
                _host.Token("decider", grant), rawJson: "{}");
            var status = (int)response.StatusCode;
            if (allowed ? status is 401 or 403 or >= 500 : response.StatusCode != HttpStatusCode.Forbidden)
            {
                wrong.Add($"{grant} on {objection}: expected {(allowed ? "allowed" : "403")}, got {status}: {await Excerpt(response)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<string> AddObjectionAsync(string code)
    {
        var id = "obj" + Guid.NewGuid().ToString("N")[..12];
        var campaign = (await _host.Services.GetRequiredService<BranchRating.Storage.Campaigns.CampaignStore>().GetAsync(_campaign, Ct))!.Campaign;
        var evt = BranchRating.Functions.Lifecycle.LifecycleEvents.Make(campaign, $"{_campaign}.objection.{id}", BranchRating.Notifications.Events.NotificationEventTypes.ObjectionRaised, code, DateTimeOffset.UtcNow, "/",
            new BranchRating.Notifications.Events.NotificationEventData { OrganizationId = code });
        Assert.True(await _host.Services.GetRequiredService<BranchRating.Storage.Lifecycle.LifecycleStore>().AddObjectionAsync(
            new BranchRating.Storage.Lifecycle.ObjectionRecord(_campaign, id, code, "评议不实", null, DateTimeOffset.UtcNow, "open", null, null, null, null, null, null, default), evt, Ct));
        return id;
    }

    /// <summary>In scope: the roster root (admin, observer), the committee above it (reviewer), the branch in the route (secretary).</summary>
    private string Grant(Role role, bool inScope) => role switch
    {
        Role.Admin => inScope ? "admin@/P01/C03" : "admin@/P01/C04",
        Role.Reviewer => inScope ? "reviewer@/P01" : "reviewer@/P02",
        Role.Secretary => "secretary@" + (inScope ? _ownPath : _otherPath),
        _ => inScope ? "observer@/P01/C03" : "observer@/P01/C04",
    };

    private static async Task<string> Excerpt(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text[..Math.Min(text.Length, 300)];
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private RouteEndpoint Endpoint(string name) =>
        Endpoints().Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

    private async Task<HttpResponseMessage> SendAsync(RouteEndpoint endpoint, string method, string? bearer)
    {
        var url = RouteParameter().Replace(endpoint.RoutePattern.RawText!, m => m.Groups["name"].Value switch
        {
            "campaignId" => _campaign,
            "code" => _code,
            "year" => "2026",
            "round" => "1",
            "step" => "self-assessment",
            "seriesId" => "series-" + _campaign,
            "documentName" => "v1",
            "id" => _subscriptionId,
            "objectionId" => _objectionId,
            var other => other + "-x",
        });
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        if (method is "POST" or "PUT" or "PATCH")
        {
            // The body the endpoint accepts (routing answers 415 before authorization for another content type).
            var type = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            var json = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "CreateSubscription" ? $"{{\"scope\":\"{_township}\"}}" : "{}";
            request.Content = new StringContent(json, System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        }

        return await _host.Client.SendAsync(request, Ct);
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private static List<BranchRating.Contracts.Campaigns.StepRequest> Steps() =>
    [
        new("self-assessment", DateTimeOffset.UtcNow.AddDays(5).ToOffset(Shanghai)),
        new("appraisal", DateTimeOffset.UtcNow.AddDays(10).ToOffset(Shanghai)),
        new("superior-review", DateTimeOffset.UtcNow.AddDays(15).ToOffset(Shanghai)),
        new("determination", DateTimeOffset.UtcNow.AddDays(20).ToOffset(Shanghai)),
    ];
}

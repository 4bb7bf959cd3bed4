using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Functions.Security;
using BranchRating.Security.Access;
using BranchRating.Security.Audit;
using BranchRating.Security.Authentication;
using BranchRating.Security.Tests.Support;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BranchRating.Security.Tests.Authorization;

/// <summary>
/// Entra ID tokens carry an object id and tenant id but no <c>br_grant</c>: their grants come from the grants table
/// through the claims transformation, cached per instance. Real host, Azurite, tokens from the development issuer shaped
/// like Entra tokens; the cache runs on its own fake clock.
/// </summary>
public sealed class AccessGrantTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _cacheClock = new(DateTimeOffset.UtcNow);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _objectId = Guid.NewGuid().ToString();
    private SecuredHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await SecuredHost.StartAsync(azurite.ConnectionString,
            new Dictionary<string, string?> { ["Auth:Grants:CacheDuration"] = CacheDuration.ToString(), ["RateLimits:Submissions:PermitLimit"] = "100000" },
            services: s => s.AddKeyedSingleton<TimeProvider>(AccessGrantCache.ClockKey, _cacheClock));

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_grant_row_gives_an_Entra_token_access_and_revoking_it_removes_the_access_after_the_cache_expires()
    {
        var entra = EntraToken(_tenant, _objectId);
        var admin = _host.Token("zhao", "admin@/P01/C03");
        var verify = $"/api/v1/campaigns/c-{Guid.NewGuid():N}"[..40] + "/audit/verify";

        var before = await StatusAsync(verify, entra);
        var granted = await _host.SendAsync(HttpMethod.Put, GrantUrl("admin", "P01/C03"), admin);
        var cached = await StatusAsync(verify, entra);
        _cacheClock.Advance(CacheDuration + TimeSpan.FromSeconds(1));
        var afterGrant = await StatusAsync(verify, entra);
        var me = await (await _host.SendAsync(HttpMethod.Get, "/api/v1/me", entra)).Content.ReadFromJsonAsync<WhoAmIResponse>(Ct);
        var revoked = await _host.SendAsync(HttpMethod.Delete, GrantUrl("admin", "P01/C03"), admin);
        var stillCached = await StatusAsync(verify, entra);
        _cacheClock.Advance(CacheDuration + TimeSpan.FromSeconds(1));
        var afterRevoke = await StatusAsync(verify, entra);

        Assert.Equal(HttpStatusCode.Forbidden, before);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cached); // the empty answer was cached
        Assert.Equal(HttpStatusCode.OK, afterGrant);
        Assert.Equal(["admin@/P01/C03"], me!.Grants);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillCached);
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke);
    }

    [Fact]
    public async Task A_grant_belongs_to_its_tenant_and_object_id_only()
    {
        var admin = _host.Token("zhao", "admin@/P01/C03");
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Put, GrantUrl("observer", "P01/C03/X12"), admin)).StatusCode);

        var same = await GrantsAsync(EntraToken(_tenant, _objectId));
        var otherTenant = await GrantsAsync(EntraToken(Guid.NewGuid().ToString(), _objectId));
        var otherObject = await GrantsAsync(EntraToken(_tenant, Guid.NewGuid().ToString()));
        var upperCase = await GrantsAsync(EntraToken(_tenant.ToUpperInvariant(), _objectId.ToUpperInvariant()));
        var development = await GrantsAsync(_host.Token("dev", "secretary@/P01/C03/X12/B1"));

        Assert.Equal(["observer@/P01/C03/X12"], same);
        Assert.Empty(otherTenant);
        Assert.Empty(otherObject);
        Assert.Equal(["observer@/P01/C03/X12"], upperCase);
        Assert.Equal(["secretary@/P01/C03/X12/B1"], development); // tokens without oid/tid are left as they are
    }

    [Fact]
    public async Task Only_an_administrator_of_the_scope_grants_or_revokes_and_every_change_is_audited_with_before_and_after()
    {
        var county = _host.Token("county", "admin@/P01/C03/X12");
        var cases = new (string Token, string Role, string Scope, HttpStatusCode Expected)[]
        {
            (county, "reviewer", "P01/C03/X12", HttpStatusCode.Created),
            (county, "secretary", "P01/C03/X12/B7", HttpStatusCode.Created),
            (county, "reviewer", "P01/C03/X12", HttpStatusCode.OK),           // held already: nothing changes
            (county, "admin", "P01/C03", HttpStatusCode.Forbidden),           // above its own scope
            (county, "admin", "P01/C03/X13", HttpStatusCode.Forbidden),       // a sibling
            (_host.Token("rev", "reviewer@/P01"), "observer", "P01/C03", HttpStatusCode.Forbidden),
            (_host.Token("obs", "observer@/P01"), "observer", "P01/C03", HttpStatusCode.Forbidden),
            (EntraToken(_tenant, _objectId), "admin", "P01/C03/X12", HttpStatusCode.Forbidden), // no grant of its own yet
        };
        var wrong = new List<string>();
        foreach (var (token, role, scope, expected) in cases)
        {
            var status = (await _host.SendAsync(HttpMethod.Put, GrantUrl(role, scope), token)).StatusCode;
            if (status != expected) wrong.Add($"{role}@/{scope}: expected {expected}, got {status}");
        }

        var revoke = await _host.SendAsync(HttpMethod.Delete, GrantUrl("secretary", "P01/C03/X12/B7"), county);
        var revokeAgain = await _host.SendAsync(HttpMethod.Delete, GrantUrl("secretary", "P01/C03/X12/B7"), county);
        var listed = await (await _host.SendAsync(HttpMethod.Get, $"/api/v1/access/tenants/{_tenant}/principals/{_objectId}/grants", county))
            .Content.ReadFromJsonAsync<AccessGrantsResponse>(Ct);

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revokeAgain.StatusCode);
        Assert.Equal(["reviewer@/P01/C03/X12"], listed!.Grants.Select(g => g.Grant));
        Assert.All(listed.Grants, g => Assert.Equal("county", g.GrantedBy));

        var audit = _host.Services.GetRequiredService<AuditTrail>();
        var mine = new List<AuditRecord>();
        await foreach (var record in audit.ReadAsync(AccessGrantFunctions.Chain, Ct))
        {
            if (record.Entry.Entity == $"tenants/{_tenant}/principals/{_objectId}") mine.Add(record);
        }

        Assert.Equal(["GrantAccess", "GrantAccess", "RevokeAccess"], mine.Select(r => r.Entry.Step));
        Assert.All(mine, r => Assert.Equal(("county", "admin@/P01/C03/X12"), (r.Entry.Who, r.Entry.Role)));
        Assert.Equal(("[]", "[\"reviewer@/P01/C03/X12\"]"), (mine[0].Entry.BeforeJson, mine[0].Entry.AfterJson));
        Assert.Equal(JsonSerializer.Serialize(new[] { "reviewer@/P01/C03/X12", "secretary@/P01/C03/X12/B7" }), mine[2].Entry.BeforeJson);
        Assert.Equal("[\"reviewer@/P01/C03/X12\"]", mine[2].Entry.AfterJson);
        Assert.True((await audit.VerifyAsync(AccessGrantFunctions.Chain, Ct)).IsIntact);
    }

    [Fact]
    public async Task Malformed_ids_and_roles_are_refused_with_a_problem_naming_the_field()
    {
        var admin = _host.Token("zhao", "admin@/P01/C03");

        var badObject = await _host.SendAsync(HttpMethod.Put, $"/api/v1/access/tenants/{_tenant}/principals/not-a-guid/grants/admin/P01/C03", admin);
        var badTenant = await _host.SendAsync(HttpMethod.Put, $"/api/v1/access/tenants/x/principals/{_objectId}/grants/admin/P01/C03", admin);
        var badRole = await _host.SendAsync(HttpMethod.Put, GrantUrl("superuser", "P01/C03"), admin);

        Assert.Equal((HttpStatusCode.BadRequest, "objectId"), (badObject.StatusCode, await FirstErrorAsync(badObject)));
        Assert.Equal((HttpStatusCode.BadRequest, "tenantId"), (badTenant.StatusCode, await FirstErrorAsync(badTenant)));
        Assert.Equal((HttpStatusCode.BadRequest, "grant"), (badRole.StatusCode, await FirstErrorAsync(badRole)));
    }

    private string EntraToken(string tenant, string objectId) =>
        _host.Issuer.Issue("pairwise-" + objectId[..8], [], new TokenShape { ObjectId = objectId, TenantId = tenant });

    private string GrantUrl(string role, string scope) => $"/api/v1/access/tenants/{_tenant}/principals/{_objectId}/grants/{role}/{scope}";

    private async Task<HttpStatusCode> StatusAsync(string url, string token) => (await _host.SendAsync(HttpMethod.Get, url, token)).StatusCode;

    private async Task<IReadOnlyList<string>> GrantsAsync(string token) =>
        (await (await _host.SendAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<WhoAmIResponse>(Ct))!.Grants;

    private static async Task<string?> FirstErrorAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().First().Name : null;
    }
}

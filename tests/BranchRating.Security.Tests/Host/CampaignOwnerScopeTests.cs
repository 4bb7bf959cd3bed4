using System.Net;
using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using BranchRating.Storage.Campaigns;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Host;

/// <summary>
/// Which department owns a campaign (issue 6): stored at creation (the body's <c>scope</c> or the creating administrator's
/// own scope) and used for every campaign-level check, on the real host over Azurite with the roster root
/// <c>/P01/C03</c> (a city) and its counties <c>/P01/C03/X12</c> and <c>/P01/C03/X13</c>.
/// Expectations are written from the issue, not read from the permission table.
/// </summary>
public sealed class CampaignOwnerScopeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private const string County = "/P01/C03/X12";
    private const string Sibling = "/P01/C03/X13";
    private const string City = "/P01/C03";

    private SecuredHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await SecuredHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
    {
        ["RateLimits:Submissions:PermitLimit"] = "100000",
    });

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>Campaign-level operations (method, path under the campaign, body, administrators only: the changes and the audit trail).</summary>
    private static readonly (string Method, string Path, string? Body, bool AdminOnly)[] Operations =
    [
        ("PUT", "lifecycle/schedule", "{}", true),                 // schedule / deadlines (CloseStep)
        ("POST", "lifecycle/steps/appraisal/extend", "{}", true),  // extend a step (CloseStep)
        ("POST", "lifecycle/steps/appraisal/close", "{}", true),   // close a step early (CloseStep)
        ("POST", "lifecycle/notice", "{}", true),                  // final determination: the notice (DetermineRating)
        ("POST", "operations/recompute", "{}", true),              // recompute (RunOperations)
        ("GET", "progress", null, false),                          // read (ReadResults)
        ("GET", "lifecycle/results", null, false),                 // read (ReadResults)
        ("GET", "audit/verify", null, true),                       // read the audit trail (ReadAudit: administrators)
    ];

    [Fact]
    public async Task A_county_admin_creates_a_campaign_owned_by_its_county_and_manages_it_while_a_sibling_county_is_refused_and_the_city_above_allowed()
    {
        var id = NewId();
        using var created = await CreateAsync(id, Token("admin@" + County), scope: null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(County, await OwnerAsync(id));

        var wrong = new List<string>();
        await ExpectAsync(wrong, id, "admin@" + County, _ => true);
        await ExpectAsync(wrong, id, "admin@" + City, _ => true);
        await ExpectAsync(wrong, id, "admin@" + Sibling, _ => false);
        await ExpectAsync(wrong, id, "admin@/P01/C03/X123", _ => false);            // a look-alike prefix is a sibling too
        await ExpectAsync(wrong, id, "admin@" + County + "/T01", _ => false);       // a township below does not own the county's campaign
        await ExpectAsync(wrong, id, "observer@" + County, op => !op.AdminOnly);        // observers of the owner scope read results, never change
        await ExpectAsync(wrong, id, "observer@" + City, op => !op.AdminOnly);
        await ExpectAsync(wrong, id, "observer@" + Sibling, _ => false);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task An_explicit_scope_must_lie_within_the_callers_admin_grant()
    {
        var inOwnCounty = NewId();
        var byCity = NewId();
        using var own = await CreateAsync(inOwnCounty, Token("admin@" + County), County);
        using var sibling = await CreateAsync(NewId(), Token("admin@" + Sibling), County);
        using var above = await CreateAsync(NewId(), Token("admin@" + County), City);
        using var observer = await CreateAsync(NewId(), Token("observer@" + County), County);
        using var delegated = await CreateAsync(byCity, Token("admin@" + City), County);

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, above.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, observer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, delegated.StatusCode);
        Assert.Equal(County, await OwnerAsync(inOwnCounty));
        Assert.Equal(County, await OwnerAsync(byCity));

        // The city created it for the county: the county manages it, its sibling does not.
        var wrong = new List<string>();
        await ExpectAsync(wrong, byCity, "admin@" + County, _ => true);
        await ExpectAsync(wrong, byCity, "admin@" + Sibling, _ => false);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("P01/C03/X12")]
    [InlineData("/P01//X12")]
    [InlineData("/P01/C03/X 12")]
    [InlineData("")]
    public async Task A_malformed_scope_is_a_400_naming_scope_and_creates_nothing(string scope)
    {
        var id = NewId();
        using var response = await CreateAsync(id, Token("admin@" + County), scope);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("scope", out _), problem.RootElement.ToString());
        Assert.Null(await _host.Services.GetRequiredService<CampaignStore>().GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_scope_outside_the_roster_root_is_refused_and_an_admin_beside_the_root_cannot_create()
    {
        using var outside = await CreateAsync(NewId(), Token("admin@/P01"), "/P01/C04");
        using var beside = await CreateAsync(NewId(), Token("admin@/P01/C04"), scope: null);
        using var rootAdmin = await CreateAsync(NewId(), Token("admin@/P01"), scope: null);

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("\"scope\"", await outside.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, beside.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rootAdmin.StatusCode);   // above the root: the campaign belongs to the root
    }

    [Fact]
    public async Task A_campaign_stored_without_an_owner_belongs_to_the_roster_root()
    {
        var id = NewId();
        var store = _host.Services.GetRequiredService<CampaignStore>();
        Assert.True(await store.CreateAsync(
            new CampaignRecord(id, "before owners", "s", "1", "s", "{}", 1, DateTimeOffset.UtcNow),
            [("self-assessment", DateTimeOffset.UtcNow.AddDays(5))], Ct));

        Assert.Equal(City, (await _host.Services.GetRequiredService<IRatingScopeResolver>().CampaignScopeAsync(id, Ct))?.Value);
        var wrong = new List<string>();
        await ExpectAsync(wrong, id, "admin@" + City, _ => true, [Operations[0], Operations[5]]);
        await ExpectAsync(wrong, id, "admin@" + County, _ => false, [Operations[0], Operations[5]]);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task ExpectAsync(
        List<string> wrong, string campaign, string grant, Func<(string Method, string Path, string? Body, bool AdminOnly), bool> allowed,
        (string Method, string Path, string? Body, bool AdminOnly)[]? operations = null)
    {
        foreach (var operation in operations ?? Operations)
        {
            using var response = await _host.SendAsync(new HttpMethod(operation.Method), $"/api/v1/campaigns/{campaign}/{operation.Path}", Token(grant), rawJson: operation.Body);
            var status = (int)response.StatusCode;
            var expectAllowed = allowed(operation);
            if (expectAllowed ? status is 401 or 403 or >= 500 : response.StatusCode != HttpStatusCode.Forbidden)
            {
                wrong.Add($"{grant} {operation.Method} {operation.Path}: expected {(expectAllowed ? "allowed" : "403")}, got {status}");
            }
        }
    }

    private Task<HttpResponseMessage> CreateAsync(string id, string token, string? scope) =>
        _host.SendAsync(HttpMethod.Post, "/api/v1/campaigns", token, json: new CreateCampaignRequest
        {
            Id = id,
            Name = "owned campaign",
            PresetId = "anyang-100",
            Scope = scope,
            Steps =
            [
                new("self-assessment", DateTimeOffset.UtcNow.AddDays(5).ToOffset(Shanghai)),
                new("appraisal", DateTimeOffset.UtcNow.AddDays(10).ToOffset(Shanghai)),
                new("superior-review", DateTimeOffset.UtcNow.AddDays(15).ToOffset(Shanghai)),
                new("determination", DateTimeOffset.UtcNow.AddDays(20).ToOffset(Shanghai)),
            ],
        });

    private async Task<string?> OwnerAsync(string id) =>
        (await _host.Services.GetRequiredService<CampaignStore>().GetAsync(id, Ct))?.Campaign.OwnerScope;

    private string Token(string grant) => _host.Token("owner-test", grant);

    private static string NewId() => "own-" + Guid.NewGuid().ToString("N")[..10];
}

using System.Net;
using System.Text.Json;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Security;
using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using BranchRating.Simulation;
using BranchRating.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Host;

/// <summary>The campaign pipeline's own HTTP functions on the real host, with the permission table applied.</summary>
public sealed class PipelineAuthorizationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly string _campaign = "sec-" + Guid.NewGuid().ToString("N")[..8];
    private SecuredHost _host = null!;
    private GeneratedCounty _county = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SecuredHost.StartAsync(azurite.ConnectionString);
        _county = new CountyGenerator(Presets.Get("anyang-100"), seed: 6).Generate(6);
        var admin = Driver("admin@/P01/C03");
        await admin.CreateAsync("anyang-100", Steps(), "security test", Ct);
        await admin.ImportRosterAsync(_county.Organizations.Select(o => o.Row), cancellationToken: Ct);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public void Every_pipeline_endpoint_of_the_host_is_in_the_permission_table_and_carries_a_policy_or_is_explicitly_anonymous()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        var securityOwn = new[] { "WhoAmI", "IssueBallotBoxTokens", "CastBallot", "RecountBallotBox", "VerifyAuditTrail", "ListAuditAnchors", "ExportAuditTrail", "GrantAccess", "RevokeAccess", "ListAccessGrants" };
        var pipeline = endpoints.Where(e => !securityOwn.Contains(e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)).ToList();

        Assert.Equal(PipelineEndpointPermissions.Rules.Count, pipeline.Count);
        Assert.All(pipeline, e =>
        {
            var name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            Assert.True(name is not null && PipelineEndpointPermissions.Rules.ContainsKey(name), $"{e.RoutePattern.RawText} has no rule");
            Assert.True(e.Metadata.GetOrderedMetadata<AuthorizationPolicy>().Count > 0 || e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                $"{name} carries no authorization");
        });
    }

    [Fact]
    public async Task Creating_a_campaign_refuses_forged_expired_foreign_audience_and_anonymous_tokens_and_callers_who_administer_nothing_under_the_root()
    {
        using var forger = new DevelopmentTokenIssuer(new DevelopmentIssuerOptions { Enabled = true }, SecuredHost.Audience);
        var admin = new[] { RatingGrant.Parse("admin@/P01/C03") };
        var cases = new (string Name, string? Token, HttpStatusCode Expected)[]
        {
            ("anonymous", null, HttpStatusCode.Unauthorized),
            ("forged", forger.Issue("mallory", admin), HttpStatusCode.Unauthorized),
            ("expired", _host.Issuer.Issue("late", admin, new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddHours(-2), Lifetime = TimeSpan.FromHours(1) }), HttpStatusCode.Unauthorized),
            ("other audience", _host.Issuer.Issue("elsewhere", admin, new TokenShape { Audience = "api://other" }), HttpStatusCode.Unauthorized),
            ("observer of the root", _host.Token("obs", "observer@/P01/C03"), HttpStatusCode.Forbidden),
            ("admin beside the root", _host.Token("county", "admin@/P01/C04"), HttpStatusCode.Forbidden),
            ("township reviewer", _host.Token("reviewer", "reviewer@/P01/C03/X12"), HttpStatusCode.Forbidden),
        };

        foreach (var (name, token, expected) in cases)
        {
            var driver = new CampaignDriver(_host.CreateClient(token), _campaign + "-x");
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => driver.CreateAsync("anyang-100", Steps(), name, Ct));
            Assert.True(error.StatusCode == expected, $"{name}: {error.StatusCode}");
        }
    }

    [Fact]
    public async Task A_secretary_submits_the_self_assessment_of_her_own_branch_only()
    {
        var (a, b) = (_county.Organizations[0], _county.Organizations[1]);
        var secretary = Driver($"secretary@{await PathAsync(a.Row.Code!)}");

        await secretary.SubmitSelfAssessmentAsync(a, Ct);
        var other = await Assert.ThrowsAsync<HttpRequestException>(() => secretary.SubmitSelfAssessmentAsync(b, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Every_accepted_change_is_in_the_campaigns_audit_chain_with_who_and_role_and_refused_attempts_are_not()
    {
        var (a, b) = (_county.Organizations[0], _county.Organizations[1]);
        var grant = $"secretary@{await PathAsync(a.Row.Code!)}";
        var secretary = Driver(grant);
        await secretary.SubmitSelfAssessmentAsync(a, Ct);
        await Assert.ThrowsAsync<HttpRequestException>(() => secretary.SubmitSelfAssessmentAsync(b, Ct));

        var audit = _host.Services.GetRequiredService<BranchRating.Security.Audit.AuditTrail>();
        var records = new List<BranchRating.Security.Audit.AuditRecord>();
        await foreach (var record in audit.ReadAsync(_campaign, Ct))
        {
            records.Add(record);
        }

        Assert.Contains(records, r => r.Entry.Step == "ImportRoster" && r.Entry.Role == "admin@/P01/C03");
        var own = records.Where(r => r.Entry.Role == grant).ToList();
        Assert.Equal(["SaveSelfAssessmentDraft (self-assessment)", "SubmitSelfAssessment (self-assessment)"], own.Select(r => r.Entry.Step));
        Assert.All(own, r => Assert.Equal("user-" + grant, r.Entry.Who));
        Assert.All(own, r => Assert.Contains(a.Row.Code!, r.Entry.Entity, StringComparison.Ordinal));
        Assert.Contains("\"scores\"", own[0].Entry.AfterJson ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Entry.Entity.Contains(b.Row.Code! + "/", StringComparison.Ordinal));
        Assert.True((await audit.VerifyAsync(_campaign, Ct)).IsIntact);
    }

    [Fact]
    public async Task A_draft_saved_twice_is_audited_with_the_first_draft_as_before_and_the_submission_with_the_draft_as_before()
    {
        var a = _county.Organizations[0];
        var grant = $"secretary@{await PathAsync(a.Row.Code!)}";
        var secretary = Driver(grant);
        var url = $"/api/v1/campaigns/{_campaign}/organizations/{a.Row.Code}/self-assessment";
        var first = a.SelfAssessment;
        var second = first with { Declaration = "第二稿: 补充了三会一课记录" };
        await secretary.SendAsync(HttpMethod.Put, url, first, null, Ct);
        await secretary.SendAsync(HttpMethod.Put, url, second, null, Ct);
        await secretary.SendAsync(HttpMethod.Post, url + "/submit", new { }, "self-twice", Ct);

        var audit = _host.Services.GetRequiredService<BranchRating.Security.Audit.AuditTrail>();
        var own = new List<BranchRating.Security.Audit.AuditRecord>();
        await foreach (var record in audit.ReadAsync(_campaign, Ct))
        {
            if (record.Entry.Role == grant)
            {
                own.Add(record);
            }
        }

        Assert.Equal(3, own.Count);
        Assert.Null(own[0].Entry.BeforeJson);
        Assert.Equal("self-assessment", System.Text.RegularExpressions.Regex.Match(own[1].Entry.Step, @"\((.+)\)").Groups[1].Value);
        using (var before = System.Text.Json.JsonDocument.Parse(own[1].Entry.BeforeJson!))
        using (var firstAfter = System.Text.Json.JsonDocument.Parse(own[0].Entry.AfterJson!))
        {
            Assert.Equal("draft", before.RootElement.GetProperty("state").GetString());
            Assert.True(System.Text.Json.JsonElement.DeepEquals(firstAfter.RootElement, before.RootElement.GetProperty("data")),
                $"before {before.RootElement.GetProperty("data")} is not the first draft {firstAfter.RootElement}");
        }

        using (var submitted = System.Text.Json.JsonDocument.Parse(own[2].Entry.BeforeJson!))
        {
            Assert.Equal("draft", submitted.RootElement.GetProperty("state").GetString());
            Assert.Equal(second.Declaration, submitted.RootElement.GetProperty("data").GetProperty("declaration").GetString());
        }

        Assert.True((await audit.VerifyAsync(_campaign, Ct)).IsIntact);

        // Editing the stored "before" of the second record is pinpointed.
        var table = _host.Tables.GetTableClient(BranchRating.Contracts.StorageNames.Tables.Audit);
        var stored = await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(_campaign, "r" + own[1].Sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), cancellationToken: Ct);
        stored.Value["Before"] = own[1].Entry.BeforeJson!.Replace("\"draft\"", "\"submitted\"", StringComparison.Ordinal);
        await table.UpdateEntityAsync(stored.Value, stored.Value.ETag, Azure.Data.Tables.TableUpdateMode.Replace, Ct);

        var verification = await audit.VerifyAsync(_campaign, Ct);
        Assert.False(verification.IsIntact);
        Assert.Equal((own[1].Sequence, BranchRating.Security.Audit.AuditProblemKind.Edited), (verification.FirstProblem!.Sequence, verification.FirstProblem.Kind));
    }

    [Fact]
    public async Task A_replaced_superior_review_is_audited_with_the_review_it_replaced_as_before()
    {
        var a = _county.Organizations[0];
        var path = OrganizationPath.Parse(await PathAsync(a.Row.Code!));
        var grant = $"reviewer@/{string.Join('/', path.Segments.Take(path.Depth - 1))}";
        var reviewer = Driver(grant);
        var url = $"/api/v1/campaigns/{_campaign}/organizations/{a.Row.Code}/reviews";
        var first = a.Review with { Reviewer = "T01-committee" };
        var second = first with { ProposedLevel = (first.ProposedLevel ?? 1) + 1 };
        await reviewer.SendAsync(HttpMethod.Post, url, first, "review-1", Ct);
        await reviewer.SendAsync(HttpMethod.Post, url, second, "review-2", Ct);

        var audit = _host.Services.GetRequiredService<BranchRating.Security.Audit.AuditTrail>();
        var own = new List<BranchRating.Security.Audit.AuditRecord>();
        await foreach (var record in audit.ReadAsync(_campaign, Ct))
        {
            if (record.Entry.Role == grant)
            {
                own.Add(record);
            }
        }

        Assert.Equal(2, own.Count);
        Assert.All(own, r => Assert.Equal("SubmitSuperiorReview (superior-review)", r.Entry.Step));
        Assert.Null(own[0].Entry.BeforeJson);
        using var before = System.Text.Json.JsonDocument.Parse(own[1].Entry.BeforeJson!);
        Assert.Equal(first.ProposedLevel, before.RootElement.GetProperty("data").GetProperty("proposedLevel").Deserialize<int?>());
        Assert.True((await audit.VerifyAsync(_campaign, Ct)).IsIntact);
    }

    [Fact]
    public async Task A_reviewer_reviews_the_organizations_below_his_committee_but_not_his_own_and_not_elsewhere()
    {
        var a = _county.Organizations[0];
        var path = OrganizationPath.Parse(await PathAsync(a.Row.Code!));
        var parent = "/" + string.Join('/', path.Segments.Take(path.Depth - 1));

        var below = await StatusAsync(() => Driver($"reviewer@{parent}").ReviewAsync(a, Ct));
        var itself = await StatusAsync(() => Driver($"reviewer@{path}").ReviewAsync(a, Ct));
        var elsewhere = await StatusAsync(() => Driver("reviewer@/P01/C04").ReviewAsync(a, Ct));

        Assert.NotEqual(HttpStatusCode.Unauthorized, below);
        Assert.NotEqual(HttpStatusCode.Forbidden, below);
        Assert.Equal(HttpStatusCode.Forbidden, itself);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere);
    }

    [Fact]
    public async Task Results_are_read_in_scope_only_and_unknown_organizations_are_refused_without_revealing_existence()
    {
        var code = _county.Organizations[0].Row.Code!;
        var url = $"/api/v1/campaigns/{_campaign}/results/{code}";

        var inScope = await _host.SendAsync(HttpMethod.Get, url, _host.Token("obs", "observer@/P01/C03"));
        var otherCity = await _host.SendAsync(HttpMethod.Get, url, _host.Token("obs2", "observer@/P01/C04"));
        var unknown = await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/results/NOPE999", _host.Token("obs", "observer@/P01/C03"));

        Assert.NotEqual(HttpStatusCode.Forbidden, inScope.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, inScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCity.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    [Fact]
    public async Task Progress_is_read_by_an_observer_of_the_campaign_department_and_refused_elsewhere_and_anonymously()
    {
        var url = $"/api/v1/campaigns/{_campaign}/progress?scope=region";

        var observer = await _host.SendAsync(HttpMethod.Get, url, _host.Token("obs", "observer@/P01/C03"));
        var otherCity = await _host.SendAsync(HttpMethod.Get, url, _host.Token("obs2", "observer@/P01/C04"));
        var anonymous = await _host.SendAsync(HttpMethod.Get, url, null);

        Assert.Equal(HttpStatusCode.OK, observer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCity.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_roster_import_may_be_larger_than_the_default_body_limit_other_submissions_may_not()
    {
        var admin = _host.Token("zhao", "admin@/P01/C03");
        var big = "{\"padding\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        var roster = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/organizations", admin, rawJson: big);
        var adjustment = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/organizations/{_county.Organizations[0].Row.Code}/adjustments", admin, rawJson: big);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, roster.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, roster.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, adjustment.StatusCode);
    }

    [Fact]
    public async Task The_pipeline_ballot_endpoint_stays_anonymous()
    {
        var response = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/organizations/{_county.Organizations[0].Row.Code}/ballots", rawJson: "{}");

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private CampaignDriver Driver(params string[] grants) => new(_host.CreateClient(_host.Token("user-" + grants[0], grants)), _campaign);

    private async Task<string> PathAsync(string code) =>
        (await _host.Services.GetRequiredService<IRatingScopeResolver>().OrganizationPathAsync(_campaign, code, Ct))!.Value;

    private static async Task<HttpStatusCode?> StatusAsync(Func<Task> call)
    {
        try
        {
            await call();
            return HttpStatusCode.OK;
        }
        catch (HttpRequestException e)
        {
            return e.StatusCode;
        }
    }

    private static List<BranchRating.Contracts.Campaigns.StepRequest> Steps() =>
    [
        new("self-assessment", DateTimeOffset.UtcNow.AddDays(5).ToOffset(Shanghai)),
        new("appraisal", DateTimeOffset.UtcNow.AddDays(10).ToOffset(Shanghai)),
        new("superior-review", DateTimeOffset.UtcNow.AddDays(15).ToOffset(Shanghai)),
        new("determination", DateTimeOffset.UtcNow.AddDays(20).ToOffset(Shanghai)),
    ];
}

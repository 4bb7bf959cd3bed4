using System.Net;
using System.Net.Http.Headers;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Security.Tests.Authorization;

/// <summary>
/// Every role × every permission × five target positions relative to the grant's scope, over HTTP through the real
/// JwtBearer + authorization pipeline: one probe endpoint per permission declares <c>.RequireRating(permission, …)</c>.
/// The expectations below are written from issue 6's role descriptions, independently of permission-matrix.json.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.ProbeApp probe) : IClassFixture<AuthorizationMatrixTests.ProbeApp>
{
    public const string Scope = "/P01/C03/X12";

    public enum Position
    {
        /// <summary>The scope's own organization.</summary>
        Own,

        /// <summary>A branch below the scope.</summary>
        Below,

        /// <summary>Another county of the same city.</summary>
        Sibling,

        /// <summary>The city above the scope.</summary>
        Above,

        /// <summary>A code that merely starts with the scope's last code (/P01/C03/X123): not below it.</summary>
        Lookalike,
    }

    private static readonly Dictionary<Position, string> Targets = new()
    {
        [Position.Own] = Scope,
        [Position.Below] = Scope + "/T2/B0042",
        [Position.Sibling] = "/P01/C03/X13",
        [Position.Above] = "/P01/C03",
        [Position.Lookalike] = "/P01/C03/X123",
    };

    // What each role may do on its own organization and on the organizations below it (issue 6, "Identities and roles").
    private static readonly Dictionary<Role, (Permission[] Own, Permission[] Below)> Expected = new()
    {
        [Role.Admin] = (
            Own: [Permission.ManageCampaign, Permission.ImportRoster, Permission.CloseStep, Permission.RunOperations,
                Permission.IssueBallotTokens, Permission.RecordAdjustment, Permission.DetermineRating, Permission.VerifyBallots,
                Permission.ReadSubmissions, Permission.ReadResults, Permission.ReadAudit],
            Below: [Permission.ManageCampaign, Permission.ImportRoster, Permission.CloseStep, Permission.RunOperations,
                Permission.IssueBallotTokens, Permission.RecordAdjustment, Permission.DetermineRating, Permission.VerifyBallots,
                Permission.ReadSubmissions, Permission.ReadResults, Permission.ReadAudit]),
        [Role.Reviewer] = (
            Own: [Permission.ReadResults],
            Below: [Permission.SubmitReview, Permission.DecideObjection, Permission.VerifyBallots, Permission.ReadSubmissions,
                Permission.ReadResults]),
        [Role.Secretary] = (
            Own: [Permission.SubmitSelfAssessment, Permission.ReplyRectification, Permission.VerifyBallots, Permission.ReadSubmissions,
                Permission.ReadResults],
            Below: []),
        [Role.Observer] = (
            Own: [Permission.ReadResults],
            Below: [Permission.ReadResults]),
    };

    public static TheoryData<Role, Permission, Position> Cases()
    {
        var data = new TheoryData<Role, Permission, Position>();
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                foreach (var position in Enum.GetValues<Position>())
                {
                    data.Add(role, permission, position);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_matrix_covers_four_roles_fifteen_permissions_and_five_positions()
    {
        Assert.Equal(4 * 15 * 5, Cases().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_grant_allows_exactly_what_its_role_may_do_where_its_scope_reaches(Role role, Permission permission, Position position)
    {
        var expected = position switch
        {
            Position.Own => Expected[role].Own.Contains(permission),
            Position.Below => Expected[role].Below.Contains(permission),
            _ => false,
        };
        var token = probe.App.Issuer.Issue($"{role}-user", [new RatingGrant(role, OrganizationPath.Parse(Scope))]);

        var response = await probe.GetAsync(permission, Targets[position], token);

        Assert.Equal(expected ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        if (!expected)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(Permissions))]
    public async Task Every_permission_refuses_an_anonymous_caller_with_401(Permission permission)
    {
        var response = await probe.GetAsync(permission, Scope, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<Permission> Permissions() => new(Enum.GetValues<Permission>());

    [Fact]
    public async Task Grants_add_up_a_secretary_who_also_observes_the_county_reads_its_results_but_submits_only_for_her_branch()
    {
        var token = probe.App.Issuer.Issue("hui", [RatingGrant.Parse("secretary@/P01/C03/X12/T2/B0042"), RatingGrant.Parse("observer@/P01/C03/X12")]);

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(Permission.ReadResults, "/P01/C03/X12/T9", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(Permission.SubmitSelfAssessment, "/P01/C03/X12/T2/B0042", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await probe.GetAsync(Permission.SubmitSelfAssessment, "/P01/C03/X12/T9", token)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_grant_claim_grants_nothing()
    {
        var token = probe.App.Issuer.Issue("x", [], new Security.Authentication.TokenShape { GrantClaimType = "unused" });

        Assert.Equal(HttpStatusCode.Forbidden, (await probe.GetAsync(Permission.ReadResults, Scope, token)).StatusCode);
    }

    [Fact]
    public async Task The_handler_sees_which_grant_allowed_the_request()
    {
        var token = probe.App.Issuer.Issue("ivy", [RatingGrant.Parse("observer@/P02"), RatingGrant.Parse("reviewer@/P01/C03")]);

        var response = await probe.GetAsync(Permission.SubmitReview, Scope, token);

        Assert.Equal("SubmitReview by reviewer@/P01/C03 on /P01/C03/X12", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public sealed class ProbeApp : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            App = await TestApp.StartAsync(app =>
            {
                foreach (var permission in Enum.GetValues<Permission>())
                {
                    app.MapGet($"/probe/{permission}/{{**scope}}", (HttpContext c) =>
                        {
                            var access = c.GetRatingAccess()!;
                            return $"{access.Permission} by {access.Grant} on {access.Target}";
                        })
                        .RequireRating(permission, ScopeFrom.RoutePath("scope"));
                }
            });

        public async Task<HttpResponseMessage> GetAsync(Permission permission, string target, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/probe/{permission}{target}");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await App.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Authorization;

public sealed class ScopeAndMatrixDataTests
{
    [Theory]
    [InlineData("")]
    [InlineData("P01/C03")]
    [InlineData("/")]
    [InlineData("/P01//C03")]
    [InlineData("/P01/C03/")]
    [InlineData("/P01/../P02")]
    [InlineData("/P01/C 03")]
    [InlineData("/P01/C1/C2/C3/C4/C5/C6/C7/C8/C9/C10")]
    public void Malformed_organization_paths_are_refused_with_a_reason(string value)
    {
        Assert.False(OrganizationPath.TryParse(value, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("/P01/C03/X12", "/P01/C03", true)]
    [InlineData("/P01/C03", "/P01/C03", true)]
    [InlineData("/P01/C030", "/P01/C03", false)]
    [InlineData("/P01", "/P01/C03", false)]
    [InlineData("/P02/C03", "/P01/C03", false)]
    public void A_scope_covers_itself_and_its_subtree_on_code_boundaries(string target, string scope, bool covered)
    {
        Assert.Equal(covered, OrganizationPath.Parse(target).IsSelfOrDescendantOf(OrganizationPath.Parse(scope)));
    }

    [Theory]
    [InlineData("reviewer@/P01/C03", Role.Reviewer, "/P01/C03")]
    [InlineData("ADMIN@/P01", Role.Admin, "/P01")]
    public void Grants_parse_from_their_claim_value(string value, Role role, string scope)
    {
        Assert.Equal(new RatingGrant(role, OrganizationPath.Parse(scope)), RatingGrant.Parse(value));
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("@/P01")]
    [InlineData("1@/P01")]
    [InlineData("superuser@/P01")]
    [InlineData("admin@P01")]
    public void Malformed_grants_are_refused(string value)
    {
        Assert.False(RatingGrant.TryParse(value, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void The_shipped_matrix_has_a_cell_for_every_role_and_permission()
    {
        var matrix = PermissionMatrix.Default;

        Assert.All(Enum.GetValues<Role>(), role => Assert.All(Enum.GetValues<Permission>(), p => Assert.True(Enum.IsDefined(matrix.ReachOf(role, p)))));
        Assert.Equal(Reach.None, matrix.ReachOf(Role.Observer, Permission.SubmitReview));
    }

    [Fact]
    public void A_matrix_missing_a_cell_is_refused_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => PermissionMatrix.Parse("""{ "admin": { "ReadResults": "subtree" } }"""));

        Assert.Contains("Admin.ManageCampaign", error.Message, StringComparison.Ordinal);
        Assert.Contains("Observer.ReadAudit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "root": { } }""", "unknown role 'root'")]
    [InlineData("""{ "admin": { "Delete": "own" } }""", "unknown permission of role 'admin' 'Delete'")]
    [InlineData("""{ "admin": { "ReadResults": "everything" } }""", "unknown reach of admin.ReadResults 'everything'")]
    public void A_matrix_naming_unknown_roles_permissions_or_reaches_is_refused(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => PermissionMatrix.Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organization_id_route_is_authorized_against_the_path_the_resolver_finds_and_unknown_ids_are_refused()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapPost("/campaigns/{campaignId}/organizations/{organizationId}/self-assessment", () => "accepted")
                .RequireRating(Permission.SubmitSelfAssessment, ScopeFrom.Organization("campaignId", "organizationId")),
            configure: b => b.Services.AddSingleton<IRatingScopeResolver>(new DictionaryScopeResolver(new()
            {
                ["B0042"] = "/P01/C03/X12/T2/B0042",
                ["B0043"] = "/P01/C03/X12/T2/B0043",
            })));
        var token = app.Issuer.Issue("jun", [RatingGrant.Parse("secretary@/P01/C03/X12/T2/B0042")]);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, "/campaigns/c1/organizations/B0042/self-assessment", token));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(app, "/campaigns/c1/organizations/B0043/self-assessment", token));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(app, "/campaigns/c1/organizations/B9999/self-assessment", token));
    }

    private static async Task<HttpStatusCode> PostAsync(TestApp app, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        return (await app.Client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }

    /// <summary>Stands in for the pipeline's resolver over its organizations table (an interface the pipeline implements).</summary>
    private sealed class DictionaryScopeResolver(Dictionary<string, string> paths) : IRatingScopeResolver
    {
        public ValueTask<OrganizationPath?> OrganizationPathAsync(string campaignId, string organizationId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(paths.TryGetValue(organizationId, out var path) ? OrganizationPath.Parse(path) : null);

        public ValueTask<OrganizationPath?> CampaignScopeAsync(string campaignId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<OrganizationPath?>(null);
    }
}

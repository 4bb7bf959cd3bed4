using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using BranchRating.Testing;

namespace BranchRating.Security.Tests.Host;

/// <summary>Issue 6's negative tests against the real host: forged, expired and foreign-audience tokens, replayed ballot tokens, scope.</summary>
public sealed class HostSecurityTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly string _campaign = "c" + Guid.NewGuid().ToString("N")[..8];
    private SecuredHost _host = null!;

    private string Box(string organization = "P01.C03.X12.B0042") => $"/api/v1/campaigns/{_campaign}/steps/appraisal/ballot-boxes/{organization}";

    public async ValueTask InitializeAsync() => _host = await SecuredHost.StartAsync(azurite.ConnectionString);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_valid_development_token_is_accepted_by_the_host_and_its_grants_are_read()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/api/v1/me", _host.Token("li", "reviewer@/P01/C03", "observer@/P01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("li", body.RootElement.GetProperty("subject").GetString());
        Assert.Equal(["reviewer@/P01/C03", "observer@/P01"], body.RootElement.GetProperty("grants").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Forged_expired_and_foreign_audience_tokens_and_no_token_are_all_refused_with_401()
    {
        using var forger = new DevelopmentTokenIssuer(new DevelopmentIssuerOptions { Enabled = true }, SecuredHost.Audience);
        var grants = new[] { RatingGrant.Parse("admin@/P01") };
        var tokens = new Dictionary<string, string?>
        {
            ["forged"] = forger.Issue("mallory", grants),
            ["expired"] = _host.Issuer.Issue("wang", grants, new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddHours(-3), Lifetime = TimeSpan.FromHours(1) }),
            ["other audience"] = _host.Issuer.Issue("wang", grants, new TokenShape { Audience = "api://another-app" }),
            ["garbage"] = "not-a-jwt",
            ["none"] = null,
        };

        foreach (var (name, token) in tokens)
        {
            var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/me", token);
            var issue = await _host.SendAsync(HttpMethod.Post, Box() + "/tokens", token, new { members = 3 });

            Assert.True(me.StatusCode == HttpStatusCode.Unauthorized, $"{name}: /me answered {me.StatusCode}");
            Assert.True(issue.StatusCode == HttpStatusCode.Unauthorized, $"{name}: token issue answered {issue.StatusCode}");
            Assert.Equal("application/problem+json", issue.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await RowsAsync(StorageNames.Tables.Ballots, _campaign));
    }

    [Fact]
    public async Task A_county_admin_issues_tokens_in_scope_only_and_a_box_once()
    {
        var admin = _host.Token("zhao", "admin@/P01/C03/X12");

        var inScope = await _host.SendAsync(HttpMethod.Post, Box() + "/tokens", admin, new { members = 4, households = 2, reason = "7月测评" });
        var again = await _host.SendAsync(HttpMethod.Post, Box() + "/tokens", admin, new { members = 4 });
        var outOfScope = await _host.SendAsync(HttpMethod.Post, Box("P01.C03.X13.B0001") + "/tokens", admin, new { members = 4 });
        var secretary = await _host.SendAsync(HttpMethod.Post, Box("P01.C03.X12.B0043") + "/tokens", _host.Token("qian", "secretary@/P01/C03/X12/B0043"), new { members = 4 });

        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        using var body = JsonDocument.Parse(await inScope.Content.ReadAsStringAsync(Ct));
        Assert.Equal(6, body.RootElement.GetProperty("tokens").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, secretary.StatusCode);
    }

    [Fact]
    public async Task A_replayed_ballot_token_is_refused_and_counted_once()
    {
        var tokens = await IssueAsync(members: 2);
        var ballot = new { token = tokens[0], answers = new Dictionary<string, string> { ["overall"] = "satisfied" } };

        var first = await _host.SendAsync(HttpMethod.Post, Box() + "/ballots", json: ballot);
        var replay = await _host.SendAsync(HttpMethod.Post, Box() + "/ballots", json: ballot);
        var otherBox = await _host.SendAsync(HttpMethod.Post, Box("P01.C03.X12.B0043") + "/ballots", json: new { token = tokens[1], answers = ballot.answers });
        var mistyped = await _host.SendAsync(HttpMethod.Post, Box() + "/ballots", json: new { token = tokens[1][..^1] + (tokens[1][^1] == 'A' ? 'B' : 'A'), answers = ballot.answers });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherBox.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);

        var recount = await _host.SendAsync(HttpMethod.Get, Box() + "/recount", _host.Token("sun", "reviewer@/P01/C03/X12"));
        using var body = JsonDocument.Parse(await recount.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, body.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("cast").GetProperty("member").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("unused").GetProperty("member").GetInt32());
        Assert.True(body.RootElement.GetProperty("participationConsistent").GetBoolean());
    }

    [Theory]
    [InlineData("""{"token":"X","answers":{"overall":"satisfied"},"voter":"zhang san"}""", "$.voter: unknown member")]
    [InlineData("""{"token":"X","token":"Y","answers":{"overall":"satisfied"}}""", "$.token: Duplicate property")]
    [InlineData("""{"token":"X","answers":{"=cmd|' /C calc'!A0":"satisfied"}}""", "answers: question codes")]
    [InlineData("""{"token":"X","answers":[]}""", "$.answers")]
    [InlineData("""{"token":12,"answers":{}}""", "$.token: the value does not have the expected type")]
    [InlineData("""{"token":"X","answers":{}""", "$: Expected depth to be zero")]
    [InlineData("""{"token":"X","answers":{"overall":"satisfied"}}""", "token: not a ballot token")]
    public async Task Malformed_or_hostile_ballots_are_refused_with_400_problem_details_naming_the_field(string body, string detail)
    {
        var response = await _host.SendAsync(HttpMethod.Post, Box() + "/ballots", rawJson: body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)))
        {
            Assert.StartsWith(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("BranchRating.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_ballot_is_refused_with_413_whether_its_length_is_declared_or_chunked()
    {
        var big = "{\"token\":\"" + new string('A', 20_000) + "\",\"answers\":{\"a\":\"b\"}}";

        var declared = await _host.SendAsync(HttpMethod.Post, Box() + "/ballots", rawJson: big);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, Box() + "/ballots")
        {
            Content = new StreamContent(new UnseekableStream(System.Text.Encoding.UTF8.GetBytes(big))),
        };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var streamed = await _host.Client.SendAsync(chunked, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("application/problem+json", streamed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_audit_trail_records_the_issuance_verifies_and_pinpoints_a_record_edited_in_table_storage()
    {
        var tokens = await IssueAsync(members: 3);
        var admin = _host.Token("zhou", "admin@/P01/C03");

        var intact = await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/verify", admin);
        using (var body = JsonDocument.Parse(await intact.Content.ReadAsStringAsync(Ct)))
        {
            Assert.True(body.RootElement.GetProperty("isIntact").GetBoolean());
            Assert.Equal(1, body.RootElement.GetProperty("verifiedRecords").GetInt64());
        }

        var csv = await (await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/export?format=csv", admin)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("zhao", csv, StringComparison.Ordinal);
        Assert.Contains("admin@/P01/C03/X12", csv, StringComparison.Ordinal);
        Assert.All(tokens, token => Assert.DoesNotContain(token, csv, StringComparison.Ordinal));

        var table = _host.Tables.GetTableClient(StorageNames.Tables.Audit);
        var record = (await table.GetEntityAsync<TableEntity>(_campaign, "r" + 1L.ToString("D19"), cancellationToken: Ct)).Value;
        record["After"] = """{"Member":300}""";
        await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, Ct);

        var broken = await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/verify", admin);
        using var result = JsonDocument.Parse(await broken.Content.ReadAsStringAsync(Ct));
        Assert.False(result.RootElement.GetProperty("isIntact").GetBoolean());
        Assert.Equal(1, result.RootElement.GetProperty("firstProblem").GetProperty("sequence").GetInt64());

        var reviewer = await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/verify", _host.Token("wu", "reviewer@/P01/C03"));
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
    }

    private async Task<List<string>> IssueAsync(int members)
    {
        var response = await _host.SendAsync(HttpMethod.Post, Box() + "/tokens", _host.Token("zhao", "admin@/P01/C03/X12"), new { members });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("token").GetString()!).ToList();
    }

    private async Task<List<TableEntity>> RowsAsync(string table, string campaign)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _host.Tables.GetTableClient(table).QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            if (row.PartitionKey.StartsWith(campaign, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

using System.Net;
using System.Text;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using BranchRating.Security.Ballots;
using BranchRating.Security.Tests.Support;
using BranchRating.Testing;

namespace BranchRating.Security.Tests.Host;

/// <summary>
/// Issue 6's fuzz run: 10,000 generated malformed or hostile requests (paths, methods, credentials, bodies, queries)
/// against the real host listening on a loopback port (Kestrel, real HTTP parsing), storage on Azurite: the security
/// endpoints and the campaign pipeline's endpoints (with the permission table applied). None may be answered 5xx, none may leak internals, and no stored row may change.
/// No request carries a credential that could legitimately change data (only forged, expired, foreign, read-only ones).
/// </summary>
public sealed class HostileRequestFuzzTests
{
    private const int Requests = 10_000;
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_leak_nothing_and_change_no_stored_data()
    {
        var campaign = "fz" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            // Limits high enough that requests reach the handlers instead of all being answered 429.
            ["RateLimits:Submissions:PermitLimit"] = "1000000",
            ["RateLimits:Ballots:PermitLimit"] = "1000000",
        };
        // An emulator of its own: the snapshot below covers every table, and other tests write to the shared one.
        await using var azurite = await Azurite.StartAsync(cancellationToken: Ct);
        await using var host = await SecuredHost.StartAsync(azurite.ConnectionString, settings, kestrel: true);
        var box = $"/api/v1/campaigns/{campaign}/steps/appraisal/ballot-boxes/P01.C03.X12.B0042";
        var issued = await host.SendAsync(HttpMethod.Post, box + "/tokens", host.Token("admin", "admin@/P01/C03"), new { members = 5 });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = System.Text.Json.JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("tokens")[0].GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendAsync(HttpMethod.Post, box + "/ballots", json: new { token, answers = new Dictionary<string, string> { ["overall"] = "satisfied" } })).StatusCode);
        var before = await SnapshotAsync(host.Tables);

        var generator = new HostileRequests(seed: 6, campaign, host.Issuer, usedToken: token);
        var statuses = new Dictionary<int, int>();
        var leaks = new List<string>();
        var serverErrors = new List<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => generator.Next()).ToList().Select(async request =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                using var message = request.ToMessage();
                using var response = await host.Client.SendAsync(message, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                lock (statuses)
                {
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                    if ((int)response.StatusCode >= 500)
                    {
                        serverErrors.Add($"{request} → {(int)response.StatusCode} {body}");
                    }

                    if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal) || body.Contains("BranchRating.", StringComparison.Ordinal))
                    {
                        leaks.Add($"{request} → {body}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Requests} hostile requests: {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} answered 5xx; by status: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.True(serverErrors.Count == 0, string.Join("\n", serverErrors.Take(5)));
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(5)));
        Assert.Equal(before, await SnapshotAsync(host.Tables));
        Assert.True(statuses.Keys.Count(s => s is >= 400 and < 500) >= 5, "the generator reached too few refusal kinds");
    }

    /// <summary>Every row (all properties, server timestamps included) of every table the system uses.</summary>
    private static async Task<string> SnapshotAsync(TableServiceClient tables)
    {
        var text = new StringBuilder();
        foreach (var name in StorageNames.Tables.All)
        {
            var rows = new List<string>();
            await foreach (var row in tables.GetTableClient(name).QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                rows.Add(string.Join(";", row.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
            }

            rows.Sort(StringComparer.Ordinal);
            text.AppendLine(name).AppendJoin("\n", rows).AppendLine();
        }

        return text.ToString();
    }

    private sealed record HostileRequest(HttpMethod Method, string Url, string? Authorization, string? ContentType, byte[]? Body)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(Method, Url);
            if (Authorization is not null)
            {
                message.Headers.TryAddWithoutValidation("Authorization", Authorization);
            }

            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            return message;
        }

        public override string ToString() =>
            $"{Method} {Url} auth={Authorization?[..Math.Min(20, Authorization.Length)]} type={ContentType} body={(Body is null ? "none" : Encoding.UTF8.GetString(Body[..Math.Min(120, Body.Length)]))}";
    }

    private sealed class HostileRequests
    {
        private static readonly string[] Segments =
        [
            "..", "%2e%2e", "%00", ".", "%2F", "P01..C03", "P01.C03.X12.B0042", "P01.C03.X13", "P01", "日本語", "' OR 1=1 --",
            "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "=cmd|'/C calc'!A0", new string('A', 300), "a%20b", "%ff%fe",
            "P01.C03.X12.B0042.", ".P01", "P01.C1.C2.C3.C4.C5.C6.C7.C8.C9.C10", "-", "_", "appraisal", "review", "%E2%80%AE", "null",
        ];

        private static readonly string[] Actions = ["tokens", "ballots", "recount", "", "tokens/", "ballots?x=1", "recount?digest=zz&count=-1&tally={", "recount?count=99999999999"];

        private static readonly HttpMethod[] Methods =
            [HttpMethod.Get, HttpMethod.Post, HttpMethod.Post, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options];

        private readonly Random _random;
        private readonly string _campaign;
        private readonly string[] _credentials;
        private readonly string _usedToken;
        private readonly BallotTokenCodec _codec = new();

        public HostileRequests(int seed, string campaign, DevelopmentTokenIssuer issuer, string usedToken)
        {
            _random = new Random(seed);
            _campaign = campaign;
            _usedToken = usedToken;
            var forger = new DevelopmentTokenIssuer(new DevelopmentIssuerOptions { Enabled = true }, SecuredHost.Audience);
            var admin = new[] { RatingGrant.Parse("admin@/P01") };
            _credentials =
            [
                "Bearer " + forger.Issue("forger", admin),
                "Bearer " + issuer.Issue("late", admin, new TokenShape { IssuedAt = DateTimeOffset.UtcNow.AddDays(-1), Lifetime = TimeSpan.FromHours(1) }),
                "Bearer " + issuer.Issue("foreign", admin, new TokenShape { Audience = "api://elsewhere" }),
                "Bearer " + issuer.Issue("stranger", admin, new TokenShape { Issuer = "https://evil.example" }),
                "Bearer " + issuer.Issue("observer", [RatingGrant.Parse("observer@/P01")]),
                "Bearer " + issuer.Issue("reviewer", [RatingGrant.Parse("reviewer@/P01")]),
                "Bearer " + issuer.Issue("secretary", [RatingGrant.Parse("secretary@/P01/C03/X12/B0042")]),
                "Bearer " + issuer.Issue("admin-elsewhere", [RatingGrant.Parse("admin@/P02")]),
                "Bearer " + issuer.Issue("bad-grants", [], new TokenShape { GrantClaimType = "roles" }),
                "Bearer not.a.jwt", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", new string('x', 5000),
            ];
        }

        public HostileRequest Next()
        {
            // Mostly well-formed routes with one or two hostile parts, so that most requests reach authentication,
            // authorization, binding and the handlers instead of stopping at routing.
            var (action, method) = Pick([("tokens", HttpMethod.Post), ("ballots", HttpMethod.Post), ("ballots", HttpMethod.Post), ("recount", HttpMethod.Get)]);
            var url = _random.Next(14) switch
            {
                10 or 11 => $"/api/v1/campaigns/{Mostly(_campaign)}/organizations/{Mostly(Pick(["B0042", "C01-B000001"]))}/{Pick(["self-assessment", "self-assessment/submit", "reviews", "adjustments", "ballots", "status"])}",
                12 => $"/api/v1/campaigns/{Mostly(_campaign)}/{Pick(["organizations", "ballot-tokens", "operations/close-step", "operations/recompute", "results/B0042", "rankings/region/x", "distribution/region", "operations/op1"])}",
                13 => Pick(["/api/v1/campaigns", "/api/v1/operations/replay-poison", "/api/v1/campaigns?continuationToken=%27%20or%201%3D1"]),
                0 => "/api/v1/me",
                1 => $"/api/v1/campaigns/{Mostly(_campaign)}/audit/{Pick(["verify", "export?format=csv", "export?format=../../etc/passwd", "export", "verify?x=%00"])}",
                2 => "/" + string.Join('/', Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Pick(Segments))),
                _ => $"/api/v1/campaigns/{Mostly(_campaign)}/steps/{Mostly("appraisal")}/ballot-boxes/{Mostly(Pick(["P01.C03.X12.B0042", "P01.C03.X12.B0043"]))}/{(_random.Next(6) == 0 ? Pick(Actions) : action)}",
            };
            var authorization = _random.Next(3) == 0 ? null : Pick(_credentials);
            var (contentType, body) = Body();
            return new HostileRequest(_random.Next(6) == 0 ? Pick(Methods) : method, url, authorization, contentType, body);
        }

        private string Mostly(string valid) => _random.Next(4) == 0 ? Pick(Segments) : valid;

        private (string? ContentType, byte[]? Body) Body()
        {
            string? json = _random.Next(16) switch
            {
                0 => null,
                14 => $$$"""{"token":"{{{_codec.Generate()}}}","answers":{"overall":"satisfied"}}""",
                15 => $$$"""{"token":"{{{_usedToken.ToLowerInvariant()}}}","answers":{"overall":"satisfied"}}""",
                1 => "",
                2 => "{",
                3 => new string('[', 5000) + new string(']', 5000),
                4 => $$$"""{"token":"{{{_codec.Generate()}}}","answers":{"overall":"satisfied"}}""",
                5 => $$$"""{"token":"{{{_usedToken}}}","answers":{"overall":"dissatisfied"}}""",
                6 => $$$"""{"token":"{{{_usedToken}}}","token":"{{{_codec.Generate()}}}","answers":{"overall":"satisfied"}}""",
                7 => """{"members":-1,"households":2147483648,"nonMemberRepresentatives":"5","serviceRecipients":1e400}""",
                8 => """{"members":1,"admin":true,"__proto__":{"x":1}}""",
                9 => "{\"token\":\"" + new string('Z', _random.Next(10, 40_000)) + "\",\"answers\":{}}",
                10 => "{\"token\":\"x\",\"answers\":{" + string.Join(',', Enumerable.Range(0, 300).Select(i => $"\"q{i}\":\"=1+{i}\"")) + "}}",
                11 => """{"token":null,"answers":null}""",
                12 => "\uFEFF{\"token\":\"\u0000\u202E\",\"answers\":{\"a\":\"\uD800\"}}",
                _ => null,
            };
            if (json is null)
            {
                return _random.Next(3) == 0 ? ("application/octet-stream", RandomBytes()) : (null, null);
            }

            return (_random.Next(5) == 0 ? Pick(["application/json; charset=utf-16", "text/plain", "application/xml", "multipart/form-data"]) : "application/json", Encoding.UTF8.GetBytes(json));
        }

        private byte[] RandomBytes()
        {
            var bytes = new byte[_random.Next(1, 4096)];
            _random.NextBytes(bytes);
            return bytes;
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Roster;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_campaign_with_an_invalid_scheme_unknown_preset_or_no_steps_is_refused_field_by_field()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var scheme = JsonNode.Parse(Presets.GetJson("anyang-100"))!;
        scheme["maxTotal"] = -1;
        var invalidScheme = await SendAsync(host.Http, HttpMethod.Post, "/api/v1/campaigns", new CreateCampaignRequest { Name = "x", Scheme = JsonSerializer.SerializeToElement(scheme), Steps = Steps.Standard() });
        var unknownPreset = await SendAsync(host.Http, HttpMethod.Post, "/api/v1/campaigns", new CreateCampaignRequest { Name = "x", PresetId = "no-such-preset", Steps = [] });

        Assert.Equal(HttpStatusCode.BadRequest, invalidScheme.Status);
        Assert.Contains(Fields(invalidScheme.Body), f => f.StartsWith("scheme.maxTotal", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, unknownPreset.Status);
        Assert.Contains("presetId", Fields(unknownPreset.Body));
        Assert.Contains("steps", Fields(unknownPreset.Body));
    }

    [Fact]
    public async Task Roster_rows_that_cannot_be_imported_are_reported_with_row_column_and_reason()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "bad-roster", organizations: 1);
        var csv = "code,name,parentCode,region,county,field,memberCount\n" +
                  "X-1,第一支部,T1,将口镇,C01,rural,12\n" +
                  "X-2,,T1,将口镇,C01,rural,12\n" +
                  "X-3,第三支部,T1,将口镇,C01,rural,many\n" +
                  "X/4,第四支部,T1,将口镇,C01,rural,3\n" +
                  "X-1,重复,T1,将口镇,C01,rural,3\n";
        using var response = await host.Http.PostAsync($"/api/v1/campaigns/{c.Id}/organizations", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var report = (await response.Content.ReadFromJsonAsync<RosterImportResponse>(PipelineHost.Json, Ct))!;

        Assert.Equal((5, 1), (report.Received, report.Imported));
        Assert.Equal([(2, "name"), (3, "memberCount"), (4, "code"), (5, "code")], report.Refused.Select(r => (r.Row, r.Column)));
        Assert.Contains("more than once", report.Refused[^1].Reason);
    }

    [Fact]
    public async Task Submissions_with_bad_scores_missing_keys_bad_tokens_or_after_submit_are_refused_with_the_field()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "bad-input", organizations: 2);
        var code = c.First.Row.Code!;
        var selfUrl = c.Url(code, "self-assessment");

        var badScores = await SendAsync(host.Http, HttpMethod.Put, selfUrl, new SelfAssessmentRequest { Scores = new Dictionary<string, decimal> { ["organization"] = 11, ["nope"] = 1 } });
        var noKey = await SendAsync(host.Http, HttpMethod.Post, selfUrl + "/submit", new { });
        var noDraft = await SendAsync(host.Http, HttpMethod.Post, selfUrl + "/submit", new { }, "submit-1");
        await c.Driver.SubmitSelfAssessmentAsync(c.First, Ct);
        var editAfterSubmit = await SendAsync(host.Http, HttpMethod.Put, selfUrl, c.First.SelfAssessment);
        var unknownOrganization = await SendAsync(host.Http, HttpMethod.Post, c.Url("NOBODY", "reviews"), c.First.Review, "r-1");
        var token = (await c.Driver.IssueTokensAsync(code, 1, Ct))[0];
        var wrongToken = await SendAsync(host.Http, HttpMethod.Post, c.Url(code, "ballots"), new BallotBatchRequest([new BallotRequest("forged", "members", "satisfied")]), "b-1");
        var badChoice = await SendAsync(host.Http, HttpMethod.Post, c.Url(code, "ballots"), new BallotBatchRequest([new BallotRequest(token, "members", "delighted")]), "b-2");
        var first = await SendAsync(host.Http, HttpMethod.Post, c.Url(code, "ballots"), new BallotBatchRequest([new BallotRequest(token, "members", "satisfied")]), "b-3");
        var reusedToken = await SendAsync(host.Http, HttpMethod.Post, c.Url(code, "ballots"), new BallotBatchRequest([new BallotRequest(token, "members", "dissatisfied")]), "b-4");
        var badEvent = await SendAsync(host.Http, HttpMethod.Post, c.Url(code, "adjustments"), new AdjustmentEventRequest { Type = "commendation", Level = "galactic" }, "a-1");
        var noResults = await SendAsync(host.Http, HttpMethod.Get, $"/api/v1/campaigns/{c.Id}/results/{code}", null);

        Assert.Equal(HttpStatusCode.BadRequest, badScores.Status);
        Assert.Equal(["scores.nope", "scores.organization"], Fields(badScores.Body).Order());
        Assert.Equal((HttpStatusCode.BadRequest, "Idempotency-Key"), (noKey.Status, Fields(noKey.Body).Single()));
        Assert.Equal((HttpStatusCode.Conflict, "state"), (noDraft.Status, Fields(noDraft.Body).Single()));
        Assert.Equal((HttpStatusCode.Conflict, "state"), (editAfterSubmit.Status, Fields(editAfterSubmit.Body).Single()));
        Assert.Equal((HttpStatusCode.NotFound, "organizationCode"), (unknownOrganization.Status, Fields(unknownOrganization.Body).Single()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "ballots[0].token"), (wrongToken.Status, Fields(wrongToken.Body).Single()));
        Assert.Equal((HttpStatusCode.BadRequest, "ballots[0].choice"), (badChoice.Status, Fields(badChoice.Body).Single()));
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal((HttpStatusCode.Conflict, "ballots[0].token"), (reusedToken.Status, Fields(reusedToken.Body).Single()));
        Assert.Equal((HttpStatusCode.BadRequest, "level"), (badEvent.Status, Fields(badEvent.Body).Single()));
        Assert.Equal((HttpStatusCode.NotFound, "version"), (noResults.Status, Fields(noResults.Body).Single()));
        Assert.Equal("application/problem+json", noResults.ContentType);
    }

    [Fact]
    public async Task Campaigns_are_listed_page_by_page_with_their_scheme()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var first = await SmallCampaign.CreateAsync(host, "listed-a", organizations: 1);
        var second = await SmallCampaign.CreateAsync(host, "listed-b", organizations: 1);

        var listed = new Dictionary<string, JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            Assert.True(++pages <= 100, "the listing never ends");
            var page = await SendAsync(host.Http, HttpMethod.Get, "/api/v1/campaigns" + (token is null ? "" : "?continuationToken=" + Uri.EscapeDataString(token)), null);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            foreach (var item in page.Body.GetProperty("items").EnumerateArray()) listed[item.GetProperty("id").GetString()!] = item;
            token = page.Body.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal("anyang-100", listed[first.Id].GetProperty("schemeId").GetString());
        Assert.Equal("anyang-100", listed[second.Id].GetProperty("schemeId").GetString());

        var forged = await SendAsync(host.Http, HttpMethod.Get, "/api/v1/campaigns?continuationToken=not-a-token", null);
        Assert.Equal((HttpStatusCode.BadRequest, "continuationToken"), (forged.Status, Fields(forged.Body).Single()));
        Assert.Equal("application/problem+json", forged.ContentType);
    }

    internal static IEnumerable<string> Fields(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];

    internal static async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(HttpClient http, HttpMethod method, string url, object? body, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: PipelineHost.Json);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }
}

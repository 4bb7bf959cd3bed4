using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Submissions;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>GET …/progress: counters moved by each first write, never by a replay or a re-import.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ProgressTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Progress_per_region_counts_each_submission_once_whatever_the_duplicates()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "progress", organizations: 12);
        var orgs = c.County.Organizations;
        await c.Driver.ImportRosterAsync(orgs.Select(o => o.Row), cancellationToken: Ct); // the same roster again: no new organizations

        var submitted = orgs.Where((_, i) => i % 2 == 0).ToList();
        var draftsOnly = orgs.Where((_, i) => i % 4 == 1).ToList();
        var reviewed = orgs.Where((_, i) => i % 3 == 0).ToList();
        var voted = orgs.Where(o => o.Ballots.Count > 0).Take(4).ToList();
        foreach (var o in draftsOnly)
        {
            await c.Driver.SendAsync(HttpMethod.Put, c.Url(o.Row.Code!, "self-assessment"), o.SelfAssessment, null, Ct);
        }

        foreach (var o in submitted)
        {
            await c.Driver.SendAsync(HttpMethod.Put, c.Url(o.Row.Code!, "self-assessment"), o.SelfAssessment, null, Ct);
            await c.Driver.SendAsync(HttpMethod.Put, c.Url(o.Row.Code!, "self-assessment"), o.SelfAssessment, null, Ct); // a second draft save
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => IdempotencyTests.PostAsync(host.Http, c.Url(o.Row.Code!, "self-assessment/submit"), new { }, "submit-" + o.Row.Code)));
        }

        foreach (var o in reviewed)
        {
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => IdempotencyTests.PostAsync(host.Http, c.Url(o.Row.Code!, "reviews"), o.Review, "review-" + o.Row.Code)));
            await IdempotencyTests.PostAsync(host.Http, c.Url(o.Row.Code!, "reviews"), o.Review, "review-again-" + o.Row.Code); // the same reviewer again
            await IdempotencyTests.PostAsync(host.Http, c.Url(o.Row.Code!, "reviews"), o.Review with { Reviewer = "second" }, "review-second-" + o.Row.Code);
        }

        var tokensIssued = new Dictionary<string, int>();
        var cast = new Dictionary<string, int>();
        foreach (var o in voted)
        {
            var tokens = await c.Driver.IssueTokensAsync(o.Row.Code!, o.Ballots.Count + 2, Ct);
            tokensIssued[o.Row.Code!] = tokens.Count;
            var batch = new BallotBatchRequest(o.Ballots.Take(BallotBatchRequest.MaxPerRequest).Select((b, i) => b with { Token = tokens[i] }).ToList());
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => IdempotencyTests.PostAsync(host.Http, c.Url(o.Row.Code!, "ballots"), batch, "ballots-" + o.Row.Code)));
            cast[o.Row.Code!] = batch.Ballots!.Count;
        }

        var progress = (await host.Http.GetFromJsonAsync<ProgressResponse>($"/api/v1/campaigns/{c.Id}/progress?scope=region", PipelineHost.Json, Ct))!;

        Assert.Equal("region", progress.Scope);
        Assert.Equal(orgs.Select(o => o.Row.Region!).Distinct().Order(StringComparer.Ordinal), progress.Rows.Select(r => r.Value));
        var (submittedCodes, draftCodes, reviewedCodes) = (Codes(submitted), Codes(draftsOnly), Codes(reviewed));
        foreach (var row in progress.Rows)
        {
            var region = orgs.Where(o => o.Row.Region == row.Value).Select(o => o.Row.Code!).ToList();
            var expectedTokens = region.Sum(code => tokensIssued.GetValueOrDefault(code));
            var expectedCast = region.Sum(code => cast.GetValueOrDefault(code));
            Assert.Equal(region.Count, row.Organizations);
            Assert.Equal(region.Count(submittedCodes.Contains), row.SelfAssessmentsSubmitted);
            Assert.Equal(region.Count(draftCodes.Contains), row.SelfAssessmentDrafts);
            Assert.Equal(region.Count(reviewedCodes.Contains), row.ReviewedOrganizations);
            Assert.Equal(2 * row.ReviewedOrganizations, row.Reviews);
            Assert.Equal(expectedTokens, row.BallotsExpected);
            Assert.Equal(expectedCast, row.BallotsCast);
            Assert.Equal(expectedTokens == 0 ? null : Math.Round((decimal)expectedCast / expectedTokens, 4), row.Participation);
        }

        Assert.Equal(orgs.Count, progress.Totals.Organizations);
        Assert.Equal(submitted.Count, progress.Totals.SelfAssessmentsSubmitted);
        Assert.Equal(cast.Values.Sum(), progress.Totals.BallotsCast);
        Assert.Equal(["self-assessment", "appraisal", "superior-review", "determination"], progress.Steps.Select(s => s.Kind));
        Assert.All(progress.Steps, s => Assert.Equal("open", s.State));

        var byField = (await host.Http.GetFromJsonAsync<ProgressResponse>($"/api/v1/campaigns/{c.Id}/progress?scope=field", PipelineHost.Json, Ct))!;
        Assert.Equal(orgs.Select(o => o.Row.Field!).Distinct().Order(StringComparer.Ordinal), byField.Rows.Select(r => r.Value));
        Assert.Equal(progress.Totals, byField.Totals);
    }

    [Fact]
    public async Task An_organization_moved_to_another_region_by_a_new_import_moves_its_count()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "progress-move", organizations: 6);
        var moved = c.County.Organizations[^1].Row;
        await c.Driver.ImportRosterAsync([moved with { Region = "新区" }], cancellationToken: Ct);

        var progress = (await host.Http.GetFromJsonAsync<ProgressResponse>($"/api/v1/campaigns/{c.Id}/progress", PipelineHost.Json, Ct))!;

        Assert.Equal(1, progress.Rows.Single(r => r.Value == "新区").Organizations);
        var before = c.County.Organizations.Count(o => o.Row.Region == moved.Region) - 1;
        Assert.Equal(before, progress.Rows.SingleOrDefault(r => r.Value == moved.Region)?.Organizations ?? 0);
        Assert.Equal(6, progress.Totals.Organizations);
    }

    [Fact]
    public async Task An_unknown_scope_or_campaign_is_refused_naming_the_field()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var c = await SmallCampaign.CreateAsync(host, "progress-bad", organizations: 2);

        var badScope = await host.Http.GetAsync($"/api/v1/campaigns/{c.Id}/progress?scope=county", Ct);
        var unknown = await host.Http.GetAsync($"/api/v1/campaigns/nope-{Guid.NewGuid():N}/progress", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.True((await badScope.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("scope", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("campaignId", out _));
    }

    private static HashSet<string> Codes(IEnumerable<BranchRating.Simulation.GeneratedOrganization> organizations) =>
        organizations.Select(o => o.Row.Code!).ToHashSet(StringComparer.Ordinal);
}

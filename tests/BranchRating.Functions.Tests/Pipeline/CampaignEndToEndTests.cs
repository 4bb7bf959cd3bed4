using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.Functions.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class CampaignEndToEndTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_campaign_runs_from_roster_to_published_results_with_explanations_rankings_and_distribution()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var campaignId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var driver = new CampaignDriver(host.Http, campaignId);
        var county = new CountyGenerator(Presets.Get("anyang-100"), seed: 7).Generate(60);

        var created = await driver.CreateAsync("anyang-100", Steps.Standard(), "建阳区 2026 星级评定", Ct);
        Assert.Equal("2026-06-05T18:00+08:00", created.Steps[0].DeadlineShanghai);
        Assert.Equal(new DateTimeOffset(2026, 6, 5, 10, 0, 0, TimeSpan.Zero), created.Steps[0].Deadline);
        var roster = await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row), cancellationToken: Ct);
        Assert.Equal((60, 60), (roster.Received, roster.Imported));

        await driver.SubmitAllAsync(county, parallelism: 4, Ct);
        // Each accepted submission queued a rescoring: the status URL shows the live score before any publication.
        var first = county.Organizations[0].Row.Code;
        await Hosting.TestHosts.EventuallyAsync(async () =>
        {
            var status = await host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaignId}/organizations/{first}/status", Ct);
            return status.TryGetProperty("scoredAt", out var at) && at.ValueKind == JsonValueKind.String && !status.TryGetProperty("scoreError", out _)
                && status.GetProperty("ballots").GetInt32() == county.Organizations[0].Ballots.Count;
        }, TimeSpan.FromSeconds(30), "the first organization has a live score");
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 20, 10, 0, 1, TimeSpan.Zero));
        await host.CloseDueStepsAsync();
        var campaign = await host.PublishedAsync(campaignId);

        Assert.All(campaign.Steps, s => Assert.Equal("closed", s.State));
        foreach (var o in county.Organizations)
        {
            var result = (await host.Http.GetFromJsonAsync<OrganizationResultResponse>($"/api/v1/campaigns/{campaignId}/results/{o.Row.Code}", PipelineHost.Json, Ct))!;
            var explanation = result.Result.GetProperty("explanation");
            // The superior's review replaces the self-assessment in anyang-100: the base total is the sum of the review.
            Assert.Equal(o.Review.Scores!.Values.Sum(), result.Result.GetProperty("totals").GetProperty("base").GetDecimal());
            Assert.Equal(o.Ballots.Count, explanation.GetProperty("ballots")[0].GetProperty("valid").GetInt32());
            Assert.Equal(o.Row.MemberCount, explanation.GetProperty("ballots")[0].GetProperty("eligible").GetInt32());
            Assert.Equal(o.Adjustments.Count > 0, explanation.GetProperty("adjustments").GetArrayLength() > 0 || result.Result.GetProperty("totals").GetProperty("bonus").GetDecimal() + result.Result.GetProperty("totals").GetProperty("deductions").GetDecimal() != 0);
            Assert.NotEmpty(explanation.GetProperty("band").GetString()!);
        }

        var ranked = new List<RankingEntry>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/campaigns/{campaignId}/rankings/county/C01?pageSize=25" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = (await host.Http.GetFromJsonAsync<RankingPage>(url, PipelineHost.Json, Ct))!;
            ranked.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(60, ranked.Select(r => r.Code).Distinct().Count());
        Assert.True(pages >= 3);
        Assert.Equal(ranked.Select(r => r.Rank).Order(), ranked.Select(r => r.Rank));
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.FinalTotal >= p.Second.FinalTotal));

        // A search by code prefix pages through the same ranking (a page may be short and continue); a token the store
        // did not hand out is a 400 naming the field.
        var prefix = ranked[0].Code[..^1];
        var found = new List<RankingEntry>();
        token = null;
        do
        {
            var url = $"/api/v1/campaigns/{campaignId}/rankings/county/C01?pageSize=3&q={Uri.EscapeDataString(prefix)}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = (await host.Http.GetFromJsonAsync<RankingPage>(url, PipelineHost.Json, Ct))!;
            found.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(ranked.Where(r => r.Code.StartsWith(prefix, StringComparison.Ordinal) || r.Name.StartsWith(prefix, StringComparison.Ordinal)), found);
        var foreign = await host.Http.GetAsync($"/api/v1/campaigns/{campaignId}/rankings/county/C01?continuationToken=0%3A", Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.True((await foreign.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("continuationToken", out _));

        var distribution = (await host.Http.GetFromJsonAsync<DistributionResponse>($"/api/v1/campaigns/{campaignId}/distribution/region", PipelineHost.Json, Ct))!;
        Assert.Equal(60, distribution.Rows.Sum(r => r.Total));
        Assert.Equal(county.Organizations.Select(o => o.Row.Region).Distinct().Order(), distribution.Rows.Select(r => r.Value).Order());
        // anyang-100 caps 5★ at floor(10% of the county): 6 of 60.
        Assert.True(ranked.Count(r => r.LevelOrdinal == 5) <= 6);
    }
}

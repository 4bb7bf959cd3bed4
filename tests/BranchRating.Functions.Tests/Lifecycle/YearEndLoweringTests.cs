using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Results;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Simulation;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>Absences summed over the year's rounds lower the year's last result (anyang-100: ≥ 3 → one star lower), applied and explained.</summary>
[Collection(PipelineCollection.Name)]
public sealed class YearEndLoweringTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private const string By = LifecycleDriver.Department;
    private const string Rule = "absences-year-end";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<StepRequest> Steps(int month) =>
    [
        new(StepKinds.SelfAssessment, new DateTimeOffset(2026, month, 5, 18, 0, 0, Beijing)),
        new(StepKinds.Appraisal, new DateTimeOffset(2026, month, 10, 18, 0, 0, Beijing)),
        new(StepKinds.SuperiorReview, new DateTimeOffset(2026, month, 15, 18, 0, 0, Beijing)),
        new(StepKinds.Determination, new DateTimeOffset(2026, month, 20, 18, 0, 0, Beijing)),
    ];

    /// <summary>A round over the same eight organizations, with the absences recorded in it, published and registered in the series.</summary>
    private static async Task<(string Id, GeneratedCounty County)> RoundAsync(PipelineHost host, string series, int month, int round, int seed, IReadOnlyDictionary<string, int> absences)
    {
        host.Time.SetUtcNow(new DateTimeOffset(2026, month, 1, 0, 0, 0, TimeSpan.Zero));
        var id = $"{series}-2026-{month:D2}";
        var driver = new CampaignDriver(host.Http, id);
        var county = new CountyGenerator(Presets.Get("anyang-100"), seed).Generate(8);
        await driver.CreateAsync("anyang-100", Steps(month), id, Ct);
        await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row), cancellationToken: Ct);
        await driver.SubmitAllAsync(county, parallelism: 2, Ct);
        foreach (var (code, count) in absences)
        {
            await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{id}/organizations/{code}/adjustments", new AdjustmentEventRequest { Type = "absence", Count = count }, $"absence-{code}", Ct);
        }

        host.Time.SetUtcNow(new DateTimeOffset(2026, month, 21, 0, 0, 0, TimeSpan.Zero));
        await host.CloseDueStepsAsync();
        await host.PublishedAsync(id);
        Assert.True((await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2026/{round}", new RegisterRoundRequest(id, By), Ct)).IsSuccessStatusCode);
        return (id, county);
    }

    [Fact]
    public async Task The_year_end_pass_lowers_once_those_whose_absences_over_the_rounds_reach_the_rule_in_a_new_version_shown_in_the_history()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string?> { ["Lifecycle:AuthorisedDepartments:0"] = By });
        var series = "ye-" + Guid.NewGuid().ToString("N")[..6];
        var codes = new CountyGenerator(Presets.Get("anyang-100"), 21).Generate(8).Organizations.Select(o => o.Row.Code!).ToList();

        // March: B0–B4 three absences (B0 two), B6 two; July: B0 one more, B5 three within the round (the engine lowers it there);
        // the generated counties record a few more.
        var march = codes.Take(5).ToDictionary(c => c, c => c == codes[0] ? 2 : 3);
        march[codes[6]] = 2;
        var (_, marchCounty) = await RoundAsync(host, series, 3, 1, seed: 21, march);
        var julyAbsences = new Dictionary<string, int> { [codes[0]] = 1, [codes[5]] = 3 };
        var (july, julyCounty) = await RoundAsync(host, series, 7, 2, seed: 22, julyAbsences);

        // The year's absences: ours and those the generated counties recorded in each round.
        var year = codes.ToDictionary(c => c, c => march.GetValueOrDefault(c) + julyAbsences.GetValueOrDefault(c));
        foreach (var o in marchCounty.Organizations.Concat(julyCounty.Organizations))
        {
            year[o.Row.Code!] += o.Adjustments.Where(a => a.Type == "absence" && (a.Kind ?? AdjustmentKinds.Event) == AdjustmentKinds.Event).Sum(a => a.Count ?? 1);
        }

        var before = new Dictionary<string, OrganizationResultResponse>();
        foreach (var code in codes) before[code] = (await host.Http.GetFromJsonAsync<OrganizationResultResponse>($"/api/v1/campaigns/{july}/results/{code}", PipelineHost.Json, Ct))!;
        var expected = codes.Where(c => year.GetValueOrDefault(c) >= 3 && before[c].LevelOrdinal > 0 && !Rules(before[c].Result).Contains(Rule)).ToList();
        Assert.NotEmpty(expected);

        var applied = await Read<YearEndResponse>(await host.Http.PostAsJsonAsync($"/api/v1/series/{series}/rounds/2026/2/year-end", new YearEndRequest(By), Ct));
        Assert.Equal((july, 2L), (applied.CampaignId, applied.Version));
        Assert.Equal(expected.Order(StringComparer.Ordinal), applied.Lowered.Select(l => l.OrganizationCode));
        Assert.All(applied.Lowered, l => Assert.Equal((year[l.OrganizationCode], before[l.OrganizationCode].LevelOrdinal - 1, Rule), (l.Absences, l.ToLevel, l.Rule)));

        foreach (var code in codes)
        {
            var after = (await host.Http.GetFromJsonAsync<OrganizationResultResponse>($"/api/v1/campaigns/{july}/results/{code}", PipelineHost.Json, Ct))!;
            Assert.Equal(2L, after.Version);
            if (!expected.Contains(code))
            {
                Assert.Equal(before[code].LevelOrdinal, after.LevelOrdinal);
                continue;
            }

            Assert.Equal(before[code].LevelOrdinal - 1, after.LevelOrdinal);
            var change = after.Result.GetProperty("levelChanges").EnumerateArray().Last();
            Assert.Equal((Rule, "lowering"), (change.GetProperty("rule").GetString(), change.GetProperty("reason").GetString()));
            Assert.Contains($"2026 年各轮累计 {year[code]} 次", change.GetProperty("detail").GetString());
        }

        // Applied once: the pass again lowers nobody and publishes nothing.
        var again = await Read<YearEndResponse>(await host.Http.PostAsJsonAsync($"/api/v1/series/{series}/rounds/2026/2/year-end", new YearEndRequest(By), Ct));
        Assert.Null(again.Version);
        Assert.Empty(again.Lowered);
        Assert.Equal(2, (await host.CampaignAsync(july)).PublishedVersion);

        // The history shows the lowered level of July and the lowering applied for the year; two absences are below the rule.
        var lowered = expected[0];
        var history = await Read<HistoryResponse>(await host.Http.GetAsync($"/api/v1/series/{series}/organizations/{lowered}/history", Ct));
        Assert.Equal(before[lowered].LevelOrdinal - 1, history.Rounds[1].LevelOrdinal);
        Assert.Equal((year[lowered], true, true), (history.Absences[0].Absences, history.Absences[0].YearEndLowering, history.Absences[0].Applied));
        var below = codes.FirstOrDefault(c => year[c] is > 0 and < 3);
        if (below is not null)
        {
            var belowRule = await Read<HistoryResponse>(await host.Http.GetAsync($"/api/v1/series/{series}/organizations/{below}/history", Ct));
            Assert.Equal((year[below], false, false), (belowRule.Absences[0].Absences, belowRule.Absences[0].YearEndLowering, belowRule.Absences[0].Applied));
        }

        // Once the notice has started, the pass is refused: the notice must show the lowered levels.
        var lc = new LifecycleDriver(host, july);
        await lc.ReadAsync<NoticeResponse>(await lc.PostAsync("/notice", new StartNoticeRequest(By)), HttpStatusCode.Created);
        Assert.Contains("before the notice", await LifecycleDriver.ProblemAsync(await host.Http.PostAsJsonAsync($"/api/v1/series/{series}/rounds/2026/2/year-end", new YearEndRequest(By), Ct), HttpStatusCode.Conflict, "notice"));
    }

    private static HashSet<string> Rules(JsonElement result) =>
        result.GetProperty("levelChanges").EnumerateArray().Select(c => c.GetProperty("rule").GetString()!).ToHashSet();

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, PipelineHost.Json)!;
    }
}

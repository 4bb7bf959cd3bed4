using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Exports;
using BranchRating.Functions.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Simulation;

namespace BranchRating.Functions.Tests.Lifecycle;

[Collection(PipelineCollection.Name)]
public sealed class RoundsHistoryAndLedgerTests(PipelineStorage storage)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>anyang-100 with a veto (一票否决) that bars stars for 12 months, as township-service-5star has.</summary>
    private static JsonElement SchemeWithVeto()
    {
        var node = JsonNode.Parse(Presets.GetJson("anyang-100"))!.AsObject();
        node["veto"] = new JsonObject
        {
            ["types"] = new JsonArray(new JsonObject { ["id"] = "serious-violation", ["name"] = "严重违纪违法" }),
            ["level"] = 0,
            ["barMonths"] = 12,
        };
        return JsonSerializer.SerializeToElement(node);
    }

    private static IReadOnlyList<StepRequest> Steps(int year, int month) =>
    [
        new(StepKinds.SelfAssessment, new DateTimeOffset(year, month, 5, 18, 0, 0, Beijing)),
        new(StepKinds.Appraisal, new DateTimeOffset(year, month, 10, 18, 0, 0, Beijing)),
        new(StepKinds.SuperiorReview, new DateTimeOffset(year, month, 15, 18, 0, 0, Beijing)),
        new(StepKinds.Determination, new DateTimeOffset(year, month, 20, 18, 0, 0, Beijing)),
    ];

    /// <summary>One round: a campaign over the same organizations (scores vary with the seed), run to its publication.</summary>
    private static async Task<(string Id, GeneratedCounty County)> RunRoundAsync(PipelineHost host, string prefix, int year, int month, int seed, Func<CampaignDriver, GeneratedCounty, Task>? before = null)
    {
        host.Time.SetUtcNow(new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero));
        var id = $"{prefix}-{year}-{month:D2}";
        var driver = new CampaignDriver(host.Http, id);
        var county = new CountyGenerator(Presets.Get("anyang-100"), seed).Generate(8);
        var rows = county.Organizations.Select(o => o.Row).ToList();
        rows[1] = rows[1] with { Name = "=HYPERLINK(\"http://x\",\"点我\")" };
        await driver.SendAsync(HttpMethod.Post, "/api/v1/campaigns", new CreateCampaignRequest { Id = id, Name = $"{year} 第{(month < 7 ? 1 : 2)}轮", Scheme = SchemeWithVeto(), Steps = Steps(year, month) }, null, Ct);
        await driver.ImportRosterAsync(rows, cancellationToken: Ct);
        await driver.SubmitAllAsync(county, parallelism: 2, Ct);
        if (before is not null) await before(driver, county);
        host.Time.SetUtcNow(new DateTimeOffset(year, month, 21, 0, 0, 0, TimeSpan.Zero));
        await host.CloseDueStepsAsync();
        await host.PublishedAsync(id);

        // Every round goes through its public notice (no objection) and ends final before the next round starts.
        var lc = new LifecycleDriver(host, id);
        var notice = await lc.ReadAsync<NoticeResponse>(await lc.PostAsync("/notice", new StartNoticeRequest("county-org-dept")), HttpStatusCode.Created);
        host.Time.SetUtcNow(notice.EndsAt);
        await lc.AdvanceAsync();
        Assert.All((await lc.ResultsAsync()).Items, r => Assert.Equal(BranchRating.Domain.Lifecycle.Finality.Final, r.Status));
        return (id, county);
    }

    [Fact]
    public async Task Two_rounds_and_next_year_keep_each_organizations_history_carry_the_veto_bar_and_give_the_figures_and_the_ledger_exports_read_back()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        var series = "jy-" + Guid.NewGuid().ToString("N")[..6];
        const string By = "county-org-dept";
        var vetoed = "C01-B000003";

        const string absent = "C01-B000005";
        var (r1, _) = await RunRoundAsync(host, series, 2026, 3, seed: 5, (driver, _) =>
            driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{series}-2026-03/organizations/{absent}/adjustments", new AdjustmentEventRequest { Type = "absence", Count = 2 }, "absence-r1", Ct));
        var registered1 = await Read<RoundResponse>(await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2026/1", new RegisterRoundRequest(r1, By), Ct));
        Assert.Empty(registered1.CarriedVetoes);

        // Round 2 (July): a serious violation on 5 July vetoes C01-B000003.
        var (r2, county2) = await RunRoundAsync(host, series, 2026, 7, seed: 6, async (driver, _) =>
        {
            await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{series}-2026-07/organizations/{vetoed}/adjustments",
                new AdjustmentEventRequest { Kind = AdjustmentKinds.Veto, Type = "serious-violation", Date = new DateOnly(2026, 7, 5) }, "veto-1", Ct);
            await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{series}-2026-07/organizations/{absent}/adjustments", new AdjustmentEventRequest { Type = "absence", Count = 1 }, "absence-r2", Ct);
        });
        await Read<RoundResponse>(await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2026/2", new RegisterRoundRequest(r2, By), Ct));
        var conflict = await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2026/2", new RegisterRoundRequest(r1, By), Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        // Next year's campaign (March 2027, rated on 20 March): still inside the 12-month bar, so the veto is carried and caps the level.
        string? r3 = null;
        RoundResponse? registered3 = null;
        (r3, _) = await RunRoundAsync(host, series, 2027, 3, seed: 7, async (_, _) =>
        {
            registered3 = await Read<RoundResponse>(await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2027/1", new RegisterRoundRequest($"{series}-2027-03", By), Ct));
        });
        var carried = Assert.Single(registered3!.CarriedVetoes);
        Assert.Equal((vetoed, "serious-violation", new DateOnly(2026, 7, 5), r2), (carried.OrganizationCode, carried.Type, carried.Date, carried.FromCampaign));
        var again = await Read<RoundResponse>(await host.Http.PutAsJsonAsync($"/api/v1/series/{series}/rounds/2027/1", new RegisterRoundRequest(r3, By), Ct));
        Assert.Single(again.CarriedVetoes);

        var history = await Read<HistoryResponse>(await host.Http.GetAsync($"/api/v1/series/{series}/organizations/{vetoed}/history", Ct));
        Assert.Equal([(2026, 1), (2026, 2), (2027, 1)], history.Rounds.Select(r => (r.Year, r.Round)));
        Assert.Equal([0, 0], history.Rounds.Skip(1).Select(r => r.LevelOrdinal));
        Assert.Null(history.Rounds[0].Change);
        Assert.Equal(-history.Rounds[0].LevelOrdinal, history.Rounds[1].Change);
        Assert.Equal(0, history.Rounds[2].Change);
        Assert.Single(history.VetoBars);

        // Absences add up over the year's rounds: 2 in March and 1 in July reach the year-end lowering threshold of 3.
        var absences = (await Read<HistoryResponse>(await host.Http.GetAsync($"/api/v1/series/{series}/organizations/{absent}/history", Ct))).Absences;
        Assert.Equal([(2026, 3, 3, true), (2027, 0, 3, false)], absences.Select(a => (a.Year, a.Absences, a.Threshold!.Value, a.YearEndLowering)));
        var result2027 = (await host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{r3}/results/{vetoed}", PipelineHost.Json, Ct)).GetRawText();
        Assert.Contains("vetoed:serious-violation", result2027);

        // §6.10 figures of round 2 against round 1, overall and per region, agree with the two rounds' levels.
        var levels1 = (await Read<LifecycleResultListResponse>(await host.Http.GetAsync($"/api/v1/campaigns/{r1}/lifecycle/results", Ct))).Items.ToDictionary(i => i.Code, i => i.LevelOrdinal);
        var list2 = (await Read<LifecycleResultListResponse>(await host.Http.GetAsync($"/api/v1/campaigns/{r2}/lifecycle/results", Ct))).Items;
        var figures = await Read<FiguresResponse>(await host.Http.GetAsync($"/api/v1/series/{series}/rounds/2026/2/figures", Ct));
        Assert.Equal((r2, r1), (figures.CampaignId, figures.ComparedWithCampaignId));
        Assert.Equal(8, figures.Overall.Compared);
        Assert.Equal(Math.Round(100m * list2.Count(i => i.LevelOrdinal > levels1[i.Code]) / 8, 1), figures.Overall.RoseShare);
        Assert.Equal(list2.Count(i => levels1[i.Code] <= 1), figures.Overall.Lagging);
        Assert.Equal(8, figures.Regions.Sum(r => r.Compared));
        Assert.Equal(list2.Select(i => i.Region).Distinct().Order(), figures.Regions.Select(r => r.Scope));

        // Rectification notices for round 2: the scheme's rectification flags and every organization downgraded since round 1.
        var flagged = new List<string>();
        foreach (var i in list2)
        {
            var json = (await host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{r2}/results/{i.Code}", PipelineHost.Json, Ct)).GetRawText();
            if (json.Contains("\"rectification:", StringComparison.Ordinal)) flagged.Add(i.Code);
        }

        var expected = flagged.Concat(list2.Where(i => i.LevelOrdinal < levels1[i.Code]).Select(i => i.Code)).Distinct().Order().ToList();
        Assert.Contains(vetoed, expected.Concat(levels1[vetoed] == 0 ? [vetoed] : []));
        var noDeadline = await host.Http.PostAsJsonAsync($"/api/v1/campaigns/{r2}/lifecycle/rectifications", new IssueRectificationsRequest(By, null, series), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noDeadline.StatusCode);
        var deadline = host.Time.GetUtcNow().AddDays(30);
        var issue = new IssueRectificationsRequest(By, deadline, series, new Dictionary<string, string> { [vetoed] = "违纪问题整改, 重新选举支部书记" });
        var notices = await Read<List<RectificationResponse>>(await host.Http.PostAsJsonAsync($"/api/v1/campaigns/{r2}/lifecycle/rectifications", issue, Ct));
        var reissued = await Read<List<RectificationResponse>>(await host.Http.PostAsJsonAsync($"/api/v1/campaigns/{r2}/lifecycle/rectifications", issue, Ct));
        Assert.Equal(expected, notices.Select(n => n.OrganizationCode));
        Assert.Equal(notices.Select(n => n.IssuedAt), reissued.Select(n => n.IssuedAt));
        Assert.All(notices, n => Assert.Equal((deadline, false), (n.Deadline, n.Overdue)));
        if (levels1[vetoed] > 0) Assert.Equal("违纪问题整改, 重新选举支部书记", notices.Single(n => n.OrganizationCode == vetoed).Problems);
        var closedNotice = await Read<RectificationResponse>(await host.Http.PostAsJsonAsync($"/api/v1/campaigns/{r2}/lifecycle/rectifications/{notices[0].OrganizationCode}/close", new CloseRectificationRequest(By, "整改到位, 经验收合格"), Ct));
        Assert.Equal((By, "整改到位, 经验收合格"), (closedNotice.ClosedBy, closedNotice.ClosureNote));
        Assert.Equal(HttpStatusCode.Conflict, (await host.Http.PostAsJsonAsync($"/api/v1/campaigns/{r2}/lifecycle/rectifications/{notices[0].OrganizationCode}/close", new CloseRectificationRequest(By, "again"), Ct)).StatusCode);
        Assert.Equal(expected.Count, (await new LifecycleDriver(host, r2).EventsAsync(BranchRating.Notifications.Events.NotificationEventTypes.RectificationIssued)).Count);

        // The ledger of round 2: region, field, level from 5★ down; CSV with BOM and defused formulas; xlsx with Chinese labels.
        var ledger = await Read<List<LedgerRow>>(await host.Http.GetAsync($"/api/v1/campaigns/{r2}/lifecycle/ledger", Ct));
        Assert.Equal(8, ledger.Count);
        Assert.Equal(ledger.OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal).ThenByDescending(r => r.LevelOrdinal).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Code), ledger.Select(r => r.Code));

        var csvResponse = await host.Http.GetAsync($"/api/v1/campaigns/{r2}/lifecycle/ledger?format=csv", Ct);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("区域,领域,组织代码,组织名称,星级,星级序号,得分,状态,上报备案", lines[0]);
        Assert.Equal(9, lines.Length);
        Assert.Equal(ledger.Select(r => r.Code), lines.Skip(1).Select(l => l.Split(',')[2]));
        var injected = lines.Single(l => l.Contains(county2.Organizations[1].Row.Code!, StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"", injected);

        var xlsxResponse = await host.Http.GetAsync($"/api/v1/campaigns/{r2}/lifecycle/ledger?format=xlsx", Ct);
        Assert.Equal(LedgerEndpoints.XlsxType, xlsxResponse.Content.Headers.ContentType!.MediaType);
        var sheet = XlsxExport.Read(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync(Ct)));
        Assert.Equal(LedgerService.Labels, sheet[0]);
        Assert.Equal(ledger.Select(r => r.Code), sheet.Skip(1).Select(r => r[2]));
        Assert.Equal(ledger.Select(r => r.Name), sheet.Skip(1).Select(r => r[3]));
        Assert.Equal(ledger.Select(r => r.LevelOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture)), sheet.Skip(1).Select(r => r[5]));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync($"/api/v1/campaigns/{r2}/lifecycle/ledger?format=pdf", Ct)).StatusCode);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, PipelineHost.Json)!;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Simulation;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>The veto bar within one campaign: the engine rates as of the campaign's rating date (its final deadline in Asia/Shanghai).</summary>
[Collection(PipelineCollection.Name)]
public sealed class VetoBarTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_veto_older_than_the_schemes_bar_before_the_rating_date_does_not_count_one_within_it_does()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var id = "lc-veto-" + Guid.NewGuid().ToString("N")[..8];
        var driver = new CampaignDriver(host.Http, id);
        var county = new CountyGenerator(Presets.Get("anyang-100"), 13).Generate(6);
        var scheme = JsonNode.Parse(Presets.GetJson("anyang-100"))!.AsObject();
        scheme["veto"] = new JsonObject
        {
            ["types"] = new JsonArray(new JsonObject { ["id"] = "serious-violation", ["name"] = "严重违纪违法" }),
            ["level"] = 0,
            ["barMonths"] = 12,
        };

        // Rated on 20 June 2026 (the determination's deadline, Beijing time).
        await driver.SendAsync(HttpMethod.Post, "/api/v1/campaigns", new CreateCampaignRequest { Id = id, Name = "veto bar", Scheme = JsonSerializer.SerializeToElement(scheme), Steps = Steps.Standard() }, null, Ct);
        await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row), cancellationToken: Ct);
        await driver.SubmitAllAsync(county, parallelism: 2, Ct);

        // 20 June 2025 is twelve months before the rating date: its bar has ended. 21 June 2025 still bars on 20 June 2026.
        var (lapsed, barring) = (county.Organizations[0].Row.Code!, county.Organizations[1].Row.Code!);
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{id}/organizations/{lapsed}/adjustments",
            new AdjustmentEventRequest { Kind = AdjustmentKinds.Veto, Type = "serious-violation", Date = new DateOnly(2025, 6, 20) }, "veto-lapsed", Ct);
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{id}/organizations/{barring}/adjustments",
            new AdjustmentEventRequest { Kind = AdjustmentKinds.Veto, Type = "serious-violation", Date = new DateOnly(2025, 6, 21) }, "veto-barring", Ct);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero));
        await host.CloseDueStepsAsync();
        await host.PublishedAsync(id);

        var lapsedResult = await Result(lapsed);
        var barringResult = await Result(barring);
        Assert.DoesNotContain("vetoed:serious-violation", lapsedResult.GetRawText());
        Assert.Contains("vetoed:serious-violation", barringResult.GetRawText());
        Assert.Equal(0, barringResult.GetProperty("levelOrdinal").GetInt32());

        async Task<JsonElement> Result(string code) => await host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/results/{code}", PipelineHost.Json, Ct);
    }
}

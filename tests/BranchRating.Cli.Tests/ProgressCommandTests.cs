using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.Cli.Tests;

public sealed class ProgressCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Progress_shows_per_region_counts_once_or_as_json_lines_while_watching_and_show_gains_the_columns()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Id = "cli-progress";
        var county = new CountyGenerator(Presets.Get("five-good"), seed: 5).Generate(10);
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", Id, "--name", "进度",
            "--step", "self-assessment=2099-06-05T18:00+08:00", "--step", "determination=2099-06-20T18:00+08:00")).Exit);
        var rosterFile = Path.Combine(Path.GetTempPath(), $"progress-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rosterFile, JsonSerializer.Serialize(new { organizations = county.Organizations.Select(o => o.Row) }, Json), ct);
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("roster", "import", Id, rosterFile)).Exit);
        var driver = new CampaignDriver(host.Http, Id);
        var submitted = county.Organizations.Where((_, i) => i % 3 == 0).ToList();
        foreach (var o in submitted) await driver.SubmitSelfAssessmentAsync(o, ct);

        var once = await host.RunAsync("campaign", "progress", Id, "--json");
        Assert.True(once.Exit == ExitCodes.Ok, once.Err);
        var progress = JsonSerializer.Deserialize<ProgressResponse>(once.Out, Json)!;
        Assert.Equal((county.Organizations.Count, submitted.Count), ((int)progress.Totals.Organizations, (int)progress.Totals.SelfAssessmentsSubmitted));
        var region = submitted[0].Row.Region!;
        Assert.Equal(submitted.Count(o => o.Row.Region == region), progress.Rows.Single(r => r.Value == region).SelfAssessmentsSubmitted);

        var watched = await host.RunAsync("campaign", "progress", Id, "--watch", "--interval", "100ms", "--times", "3", "--json");
        Assert.True(watched.Exit == ExitCodes.Ok, watched.Err);
        var lines = watched.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal(submitted.Count, JsonSerializer.Deserialize<ProgressResponse>(l, Json)!.Totals.SelfAssessmentsSubmitted));

        var text = await host.RunAsync("campaign", "progress", Id, "--watch", "--interval", "0.1s", "--times", "2", "--lang", "en");
        Assert.Equal(2, text.Out.Split("Total").Length - 1);
        Assert.Contains(region, text.Out, StringComparison.Ordinal);

        var show = await host.RunAsync("campaign", "show", Id, "--lang", "zh-CN");
        Assert.True(show.Exit == ExitCodes.Ok, show.Err);
        Assert.Contains("自评已提交", show.Out, StringComparison.Ordinal);
        Assert.Contains("2099-06-05T18:00+08:00", show.Out, StringComparison.Ordinal);
        var showJson = JsonDocument.Parse((await host.RunAsync("campaign", "show", Id, "--json")).Out).RootElement;
        Assert.Equal(county.Organizations.Count, showJson.GetProperty("progress").GetProperty("totals").GetProperty("organizations").GetInt32());
    }

    [Fact]
    public async Task Progress_refuses_a_bad_interval_or_scope_as_usage_and_an_unknown_campaign_as_refused()
    {
        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("campaign", "progress", "x", "--watch", "--interval", "soon")).Exit);
        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("campaign", "progress", "x", "--scope", "county")).Exit);
        var unknown = await host.RunAsync("campaign", "progress", "no-such-campaign", "--lang", "en");
        Assert.Equal(ExitCodes.Refused, unknown.Exit);
        Assert.Contains("campaignId:", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_extend_moves_the_deadline_with_its_reason_and_refuses_the_past_a_closed_step_and_a_bad_time()
    {
        const string Id = "cli-extend";
        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", Id, "--name", "延期",
            "--step", "self-assessment=2099-06-05T18:00+08:00", "--step", "superior-review=2099-06-15T18:00+08:00", "--step", "determination=2099-06-20T18:00+08:00")).Exit);

        var extend = await host.RunAsync("step", "extend", Id, "self-assessment", "--until", "2099-06-08 18:00", "--reason", "暴雨顺延", "--by", "县委组织部", "--lang", "en");
        Assert.True(extend.Exit == ExitCodes.Ok, extend.Err);
        Assert.Contains("2099-06-08T18:00+08:00", extend.Out, StringComparison.Ordinal);
        var campaign = JsonSerializer.Deserialize<CampaignResponse>((await host.RunAsync("campaign", "show", Id, "--json")).Out, Json)!;
        Assert.Equal(new DateTimeOffset(2099, 6, 8, 10, 0, 0, TimeSpan.Zero), campaign.Steps.Single(s => s.Kind == StepKinds.SelfAssessment).Deadline);

        var past = await host.RunAsync("step", "extend", Id, "superior-review", "--until", "2020-01-01T09:00+08:00", "--reason", "x", "--by", "县委组织部");
        Assert.Equal(ExitCodes.Refused, past.Exit);
        Assert.Contains("softDeadline:", past.Err, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await host.RunAsync("step", "close", Id, "self-assessment")).Exit);
        var closed = await host.RunAsync("step", "extend", Id, "self-assessment", "--until", "2099-06-09 18:00", "--reason", "again", "--by", "县委组织部", "--json");
        Assert.Equal(ExitCodes.Refused, closed.Exit);
        Assert.Equal(409, JsonDocument.Parse(closed.Out).RootElement.GetProperty("status").GetInt32());

        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("step", "extend", Id, "superior-review", "--until", "tomorrow", "--reason", "x")).Exit);
        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("step", "extend", Id, "superior-review", "--until", "2099-06-18 18:00")).Exit);
    }
}

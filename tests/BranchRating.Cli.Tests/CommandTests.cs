using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Roster;

namespace BranchRating.Cli.Tests;

public sealed class CommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string[] Steps =>
    [
        "--step", "self-assessment=2026-06-05T18:00+08:00",
        "--step", "appraisal=2026-06-10 18:00",
        "--step", "superior-review=2026-06-15T10:00:00Z",
        "--step", "determination=2026-06-20T18:00+08:00",
    ];

    private async Task<string> CreateAsync(string id)
    {
        var run = await host.RunAsync(["campaign", "create", "--preset", "five-good", "--id", id, "--name", "测试", .. Steps, "--lang", "en"]);
        Assert.True(run.Exit == ExitCodes.Ok, run.Err + run.Out);
        Assert.Contains($"Campaign {id} created", run.Out, StringComparison.Ordinal);
        return id;
    }

    [Fact]
    public async Task Create_from_a_preset_then_show_prints_the_deadlines_in_Shanghai_time()
    {
        var id = await CreateAsync("cli-show");
        var run = await host.RunAsync("campaign", "show", id, "--lang", "en");
        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Contains("self-assessment", run.Out, StringComparison.Ordinal);
        Assert.Contains("2026-06-05T18:00+08:00", run.Out, StringComparison.Ordinal);
        Assert.Contains("2026-06-10T18:00+08:00", run.Out, StringComparison.Ordinal); // no offset given: Shanghai time
        Assert.Contains("2026-06-15T18:00+08:00", run.Out, StringComparison.Ordinal); // 10:00Z shown in Shanghai
    }

    [Fact]
    public async Task Json_output_parses_as_the_contract()
    {
        var id = await CreateAsync("cli-json");
        var run = await host.RunAsync("campaign", "show", id, "--json");
        Assert.Equal(ExitCodes.Ok, run.Exit);
        var campaign = JsonSerializer.Deserialize<CampaignResponse>(run.Out, Json)!;
        Assert.Equal(id, campaign.Id);
        Assert.Equal(4, campaign.Steps.Count);
        Assert.Equal(new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.Zero), campaign.Steps[3].Deadline);
    }

    [Fact]
    public async Task Roster_with_two_bad_rows_reports_row_and_column_and_exits_1()
    {
        var id = await CreateAsync("cli-roster");
        var file = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file,
        [
            "code,name,parentCode,region,county,field,memberCount",
            "C1,一支部,,东区,城关,rural,30",
            "C2,二支部,,东区,城关,rural,notanumber",
            "C3,三支部,,西区,城关,rural,25",
            ",无编码支部,,西区,城关,rural,20",
            "C5,五支部,,西区,城关,rural,12",
        ], TestContext.Current.CancellationToken);

        var text = await host.RunAsync("roster", "import", id, file, "--chunk", "2", "--lang", "en");
        Assert.True(text.Exit == ExitCodes.Refused, text.Err + text.Out);
        Assert.Contains("2 row(s) refused", text.Out, StringComparison.Ordinal);
        Assert.Contains("memberCount", text.Out, StringComparison.Ordinal);

        var json = await host.RunAsync("roster", "import", id, file, "--json");
        Assert.Equal(ExitCodes.Refused, json.Exit);
        var summary = JsonSerializer.Deserialize<RosterImportResponse>(json.Out, Json)!;
        Assert.Equal(5, summary.Received);
        Assert.Equal(3, summary.Imported);
        Assert.Collection(summary.Refused,
            r => Assert.Equal((2, "memberCount"), (r.Row, r.Column)),
            r => Assert.Equal((4, "code"), (r.Row, r.Column)));
        Assert.All(summary.Refused, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Fact]
    public async Task A_bad_scheme_file_is_refused_locally_with_its_json_path()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scheme-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"format":"branchrating.scheme/1","id":"x","levels":"not-a-list"}""", TestContext.Current.CancellationToken);
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The URL is unreachable: a request would exit 3, so exit 1 proves the refusal happened before any request.
        var exit = await Cli.RunAsync(["campaign", "create", "--scheme", file, "--url", "http://127.0.0.1:1", "--lang", "en"], output, error, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("nothing was uploaded", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("$.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_differ_and_usage_and_unreachable_have_their_exit_codes()
    {
        var id = await CreateAsync("cli-lang");
        var en = await host.RunAsync("campaign", "show", id, "--lang", "en");
        var zh = await host.RunAsync("campaign", "show", id, "--lang", "zh-CN");
        Assert.Contains("Deadline (Asia/Shanghai)", en.Out, StringComparison.Ordinal);
        Assert.Contains("截止时间", zh.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("截止时间", en.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("campaign", "show")).Exit);
        Assert.Equal(ExitCodes.Refused, (await host.RunAsync("campaign", "show", "no-such-campaign")).Exit);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(ExitCodes.Unreachable, await Cli.RunAsync(["campaign", "show", id, "--url", "http://127.0.0.1:1"], output, error, cancellationToken: TestContext.Current.CancellationToken));
    }
}

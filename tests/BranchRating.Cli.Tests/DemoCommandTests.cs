using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BranchRating.Contracts.Roster;

namespace BranchRating.Cli.Tests;

public sealed class DemoCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_generated_demonstration_roster_imports_without_refusals()
    {
        const int Organizations = 1500;
        var file = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.json");
        var generate = await host.RunAsync("demo", "roster", "--organizations", Organizations.ToString(CultureInfo.InvariantCulture), "--out", file, "--json");
        Assert.True(generate.Exit == ExitCodes.Ok, generate.Err);
        var roster = JsonSerializer.Deserialize<RosterImportRequest>(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), Json)!;
        Assert.Equal(Organizations, roster.Organizations!.Count);
        Assert.Equal(Organizations, roster.Organizations.Select(o => o.Code).Distinct().Count());

        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", "cli-demo", "--name", "演示",
            "--step", "self-assessment=2026-06-05T18:00+08:00", "--step", "determination=2026-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);

        var clock = Stopwatch.StartNew();
        var import = await host.RunAsync("roster", "import", "cli-demo", file, "--chunk", "500", "--json");
        clock.Stop();
        Assert.True(import.Exit == ExitCodes.Ok, import.Err + import.Out);
        var summary = JsonSerializer.Deserialize<RosterImportResponse>(import.Out, Json)!;
        Assert.Equal((Organizations, Organizations), (summary.Received, summary.Imported));
        Assert.Empty(summary.Refused);
        // A figure for the closing note, never asserted.
        TestContext.Current.SendDiagnosticMessage($"CLI roster import: {Organizations} organizations in {clock.Elapsed.TotalSeconds:F2} s = {Organizations / clock.Elapsed.TotalSeconds:F0} rows/s");
        TestContext.Current.TestOutputHelper?.WriteLine($"CLI roster import: {Organizations} organizations in {clock.Elapsed.TotalSeconds:F2} s = {Organizations / clock.Elapsed.TotalSeconds:F0} rows/s");
    }

    [Fact]
    public async Task An_unknown_preset_is_a_usage_error()
    {
        var run = await host.RunAsync("demo", "roster", "--preset", "nope", "--out", Path.Combine(Path.GetTempPath(), "x.json"), "--lang", "zh-CN");
        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains("未知预设", run.Err, StringComparison.Ordinal);
    }
}

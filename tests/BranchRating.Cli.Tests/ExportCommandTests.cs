namespace BranchRating.Cli.Tests;

public sealed class ExportCommandTests(CliHost host) : IClassFixture<CliHost>
{
    [Fact]
    public async Task The_ledger_before_publication_is_refused_without_writing_a_file_and_a_bad_format_is_a_usage_error()
    {
        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", "cli-ledger", "--name", "台账",
            "--step", "self-assessment=2026-06-05T18:00+08:00", "--step", "determination=2026-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);

        var file = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.csv");
        var run = await host.RunAsync("export", "ledger", "cli-ledger", "--format", "csv", "--out", file, "--lang", "zh-CN");
        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Contains("HTTP 409", run.Err, StringComparison.Ordinal);
        Assert.Contains("campaignId:", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        Assert.Equal(ExitCodes.Usage, (await host.RunAsync("export", "ledger", "cli-ledger", "--format", "pdf", "--out", file)).Exit);
    }
}

using System.Text.Json;
using BranchRating.Contracts.Roster;
using BranchRating.Exports;
using BranchRating.Functions.Lifecycle;

namespace BranchRating.Cli.Tests;

public sealed class ExcelRosterTests(CliHost host) : IClassFixture<CliHost>
{
    [Fact]
    public async Task An_excel_roster_imports_and_its_bad_row_is_refused_with_row_and_column()
    {
        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", "cli-excel", "--name", "表格",
            "--step", "self-assessment=2026-06-05T18:00+08:00", "--step", "determination=2026-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);

        var file = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.xlsx");
        string[][] rows =
            [
                [.. OrganizationRow.CsvColumns],
                ["E1", "一支部, 机关", "", "东区", "城关", "rural", "30"],
                ["E2", "二支部", "", "东区", "城关", "rural", "-3"],
                ["E3", "三支部", "E1", "东区", "城关", "rural", "12"],
        ];
        await File.WriteAllBytesAsync(file, XlsxExport.Write("名册", rows[0], rows.Skip(1).Select(r => (IReadOnlyList<object?>)r)), TestContext.Current.CancellationToken);

        var run = await host.RunAsync("roster", "import", "cli-excel", file, "--json");
        Assert.True(run.Exit == ExitCodes.Refused, run.Err + run.Out);
        var summary = JsonSerializer.Deserialize<RosterImportResponse>(run.Out, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((3, 2), (summary.Received, summary.Imported));
        var refused = Assert.Single(summary.Refused);
        Assert.Equal((2, "memberCount"), (refused.Row, refused.Column));
    }
}

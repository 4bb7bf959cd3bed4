using System.CommandLine;
using System.Text.Json;
using BranchRating.Contracts.Roster;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;

namespace BranchRating.Cli.Commands;

/// <summary>
/// <c>brc demo roster --preset &lt;id&gt; --organizations N --out file.json</c>: a demonstration roster of any size, from the
/// same generator (<see cref="CountyGenerator"/>) the demonstration and the load benchmark use. Import it with <c>brc roster import</c>.
/// </summary>
internal static class DemoCommand
{
    public static Command Build(HttpClient http)
    {
        var preset = new Option<string>("--preset") { Description = "Preset scheme id", DefaultValueFactory = _ => "five-good" };
        var organizations = new Option<int>("--organizations") { Description = "How many organizations", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same roster)", DefaultValueFactory = _ => 20260605 };
        var output = new Option<FileInfo>("--out") { Description = "The roster file to write (.json)", Required = true };
        var roster = new Command("roster", "Generate a demonstration roster") { preset, organizations, seed, output };
        roster.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var id = parsed.GetValue(preset)!;
            if (!Presets.Available.Contains(id, StringComparer.Ordinal) || parsed.GetValue(organizations) < 1)
            {
                await c.Err.WriteLineAsync(c.Text.UnknownPreset(id, string.Join(", ", Presets.Available)));
                return ExitCodes.Usage;
            }

            var county = new CountyGenerator(Presets.Get(id), parsed.GetValue(seed)).Generate(parsed.GetValue(organizations));
            var request = new RosterImportRequest(county.Organizations.Select(o => o.Row).ToList());
            var file = parsed.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(request, CliContext.JsonOptions), t);
            if (c.Json) c.WriteJson(new { file = file.FullName, organizations = request.Organizations!.Count });
            else await c.Out.WriteLineAsync(c.Text.DemoWritten(request.Organizations!.Count, file.FullName));
            return ExitCodes.Ok;
        }, ct));
        return new Command("demo", "Demonstration data") { roster };
    }
}

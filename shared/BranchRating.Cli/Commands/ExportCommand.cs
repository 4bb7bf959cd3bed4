using System.CommandLine;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc export ledger &lt;campaignId&gt; --format csv|xlsx|json --out file</c>: the campaign's ledger (台账) as the API renders it.</summary>
internal static class ExportCommand
{
    public static Command Build(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var format = new Option<string>("--format") { Description = "csv, xlsx or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "json");
        var output = new Option<FileInfo>("--out") { Description = "File to write", Required = true };
        var ledger = new Command("ledger", "Export the ledger (台账)") { campaignId, format, output };
        ledger.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var bytes = await c.Api.GetBytesAsync($"campaigns/{Uri.EscapeDataString(parsed.GetValue(campaignId)!)}/lifecycle/ledger?format={parsed.GetValue(format)}", t);
            var file = parsed.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, t);
            if (c.Json) c.WriteJson(new { file = file.FullName, bytes = bytes.Length });
            else await c.Out.WriteLineAsync(c.Text.Exported(file.FullName, bytes.Length));
            return ExitCodes.Ok;
        }, ct));
        return new Command("export", "Export files") { ledger };
    }
}

using System.CommandLine;
using System.Text;
using System.Text.Json;
using BranchRating.Contracts.Roster;
using Spectre.Console;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc roster import &lt;campaignId&gt; &lt;file.csv|.json&gt;</c>: sent in chunks with a progress bar; refused rows summarised.</summary>
internal static class RosterCommand
{
    public static Command Build(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var file = new Argument<FileInfo>("file") { Description = "Roster: Excel (.xlsx, first sheet, header row) or CSV (code,name,parentCode,region,county,field,memberCount) or JSON {\"organizations\":[…]}" };
        var chunk = new Option<int>("--chunk") { Description = "Rows per request", DefaultValueFactory = _ => 1000 };
        var import = new Command("import", "Import a roster of organizations") { campaignId, file, chunk };
        import.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, (c, t) => ImportAsync(c, parsed.GetValue(campaignId)!, parsed.GetValue(file)!, Math.Max(1, parsed.GetValue(chunk)), t), ct));
        return new Command("roster", "Rosters of organizations") { import };
    }

    private static async Task<int> ImportAsync(CliContext context, string campaignId, FileInfo file, int chunkSize, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await context.Err.WriteLineAsync(context.Text.FileMissing(file.FullName));
            return ExitCodes.Usage;
        }

        IReadOnlyList<RosterChunk> chunks;
        var extension = file.Extension.ToLowerInvariant();
        if (extension == ".csv") chunks = CsvChunks(await File.ReadAllLinesAsync(file.FullName, cancellationToken), chunkSize);
        else if (extension == ".xlsx")
        {
            // The API reads the workbook itself (first sheet, header row): one request, the server's rules and row numbers.
            var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            chunks = [new RosterChunk(1, 1, () => new ByteArrayContent(bytes) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(XlsxType) } }, "roster/xlsx")];
        }
        else if (extension == ".json")
        {
            var request = JsonSerializer.Deserialize<RosterImportRequest>(await File.ReadAllTextAsync(file.FullName, cancellationToken), CliContext.JsonOptions);
            chunks = JsonChunks(request?.Organizations ?? [], chunkSize);
        }
        else
        {
            await context.Err.WriteLineAsync(context.Text.UnknownRosterFormat(file.Name));
            return ExitCodes.Usage;
        }

        var campaign = $"campaigns/{Uri.EscapeDataString(campaignId)}/";
        var received = 0;
        var imported = 0;
        var refused = new List<RefusedRow>();
        async Task SendAsync(RosterChunk chunk)
        {
            var answer = await context.Api.PostAsync<RosterImportResponse>(campaign + chunk.Route, chunk.Content(), cancellationToken);
            received += answer.Received;
            imported += answer.Imported;
            refused.AddRange(answer.Refused.Select(r => r with { Row = r.Row + chunk.FirstRow - 1 }));
        }

        var total = chunks.Sum(c => c.Rows);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (context.Json)
        {
            foreach (var chunk in chunks) await SendAsync(chunk);
        }
        else
        {
            await SpectreConsole.For(context).Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask(context.Text.Importing, maxValue: Math.Max(1, total));
                foreach (var chunk in chunks)
                {
                    await SendAsync(chunk);
                    task.Increment(chunk.Rows);
                }
            });
        }

        var summary = new RosterImportResponse(received, imported, refused.OrderBy(r => r.Row).ToList());
        if (context.Json) context.WriteJson(summary);
        else
        {
            var console = SpectreConsole.For(context);
            console.WriteLine(context.Text.Imported(imported, received) + "  " + context.Text.Rate(received / Math.Max(clock.Elapsed.TotalSeconds, 0.001)));
            if (refused.Count > 0)
            {
                console.WriteLine(context.Text.RefusedRows(refused.Count));
                var table = new Table().AddColumns(context.Text.Row, context.Text.Column, context.Text.Reason);
                foreach (var r in summary.Refused) table.AddRow(r.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(r.Column), Markup.Escape(r.Reason));
                console.Write(table);
            }
        }

        return refused.Count > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }

    /// <summary>Splits a CSV by lines, repeating the header; row numbers count data rows after the header, as the API does.</summary>
    private static List<RosterChunk> CsvChunks(string[] lines, int size)
    {
        var chunks = new List<RosterChunk>();
        if (lines.Length == 0) return chunks;
        var header = lines[0];
        var data = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        for (var i = 0; i < data.Length; i += size)
        {
            var part = data.Skip(i).Take(size).ToArray();
            var text = header + "\n" + string.Join('\n', part) + "\n";
            chunks.Add(new RosterChunk(i + 1, part.Length, () => new StringContent(text, Encoding.UTF8, "text/csv")));
        }

        return chunks;
    }

    private static List<RosterChunk> JsonChunks(IReadOnlyList<OrganizationRow> rows, int size)
    {
        var chunks = new List<RosterChunk>();
        for (var i = 0; i < rows.Count; i += size)
        {
            var part = rows.Skip(i).Take(size).ToList();
            chunks.Add(new RosterChunk(i + 1, part.Count, () => System.Net.Http.Json.JsonContent.Create(new RosterImportRequest(part), options: CliContext.JsonOptions)));
        }

        return chunks;
    }

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private sealed record RosterChunk(int FirstRow, int Rows, Func<HttpContent> Content, string Route = "organizations");
}

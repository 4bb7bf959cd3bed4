using System.CommandLine;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Results;
using BranchRating.Exports;

namespace BranchRating.Cli.Commands;

/// <summary>
/// <c>brc export ledger|results|ranking|distribution &lt;campaignId&gt; --format csv|xlsx --out file</c>. The ledger is
/// rendered by the API; results, rankings and distributions are read as JSON (rankings page by page) and written here
/// with the same writers (<see cref="CsvExport"/>: UTF-8 with BOM, formula injection defused; <see cref="XlsxExport"/>),
/// under Chinese column labels.
/// </summary>
internal static class ExportCommand
{
    private const int PageSize = 1000;

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
            return await WriteAsync(c, parsed.GetValue(output)!, bytes, t);
        }, ct));

        return new Command("export", "Export files") { ledger, Tabular("results", "Published results of every organization (or of one region/field)", http, ResultsAsync),
            Tabular("ranking", "A ranking of one scope value, every page", http, RankingAsync), Tabular("distribution", "Organizations per level for each value of a scope", http, DistributionAsync) };
    }

    private sealed record Sheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);

    private delegate Task<Sheet?> Reader(CliContext context, string campaignId, string? scope, string? value, CancellationToken cancellationToken);

    private static Command Tabular(string name, string description, HttpClient http, Reader read)
    {
        var campaignId = new Argument<string>("campaignId");
        var format = new Option<string>("--format") { Description = "csv or xlsx", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<FileInfo>("--out") { Description = "File to write", Required = true };
        var scope = new Option<string?>("--scope") { Description = name == "distribution" ? "region, county or field (default region)" : "region, county or field" };
        scope.AcceptOnlyFromAmong("region", "county", "field");
        var value = new Option<string?>("--value") { Description = "The region (county, field) to export" };
        var command = new Command(name, description) { campaignId, scope, value, format, output };
        command.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var sheet = await read(c, parsed.GetValue(campaignId)!, parsed.GetValue(scope), parsed.GetValue(value), t);
            if (sheet is null) return ExitCodes.Usage;
            var bytes = parsed.GetValue(format) == "xlsx"
                ? XlsxExport.Write(sheet.Name, sheet.Header, sheet.Rows)
                : CsvExport.Write(sheet.Header, sheet.Rows.Select(r => r.Select(Text).ToList()));
            return await WriteAsync(c, parsed.GetValue(output)!, bytes, t, sheet.Rows.Count);
        }, ct));
        return command;
    }

    private static async Task<Sheet?> ResultsAsync(CliContext c, string campaignId, string? scope, string? value, CancellationToken cancellationToken)
    {
        if ((scope is null) != (value is null) || scope == "county")
        {
            await c.Err.WriteLineAsync(c.Text.ValueNeedsScope);
            return null;
        }

        var list = await c.Api.GetAsync<LifecycleResultListResponse>($"campaigns/{Uri.EscapeDataString(campaignId)}/lifecycle/results", cancellationToken);
        var rows = list.Items
            .Where(r => scope is null || (scope == "region" ? r.Region : r.Field) == value)
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal).ThenByDescending(r => r.LevelOrdinal).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<object?>)[r.Region, r.Field, r.Code, r.Name, r.PublishedLevel, r.Level, r.LevelOrdinal, r.Status, r.FiledUpwardTo])
            .ToList();
        return new Sheet("评定结果", ["区域", "领域", "组织代码", "组织名称", "公示星级", "现星级", "星级序号", "状态", "上报备案"], rows);
    }

    private static async Task<Sheet?> RankingAsync(CliContext c, string campaignId, string? scope, string? value, CancellationToken cancellationToken)
    {
        if (scope is null || value is null)
        {
            await c.Err.WriteLineAsync(c.Text.ScopeAndValue);
            return null;
        }

        var rows = new List<IReadOnlyList<object?>>();
        string? token = null;
        do
        {
            var path = $"campaigns/{Uri.EscapeDataString(campaignId)}/rankings/{Uri.EscapeDataString(scope)}/{Uri.EscapeDataString(value)}?pageSize={PageSize}"
                + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await c.Api.GetAsync<RankingPage>(path, cancellationToken);
            rows.AddRange(page.Items.Select(i => (IReadOnlyList<object?>)[i.Rank, i.Code, i.Name, i.FinalTotal, i.Level, i.LevelOrdinal]));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return new Sheet("排名", ["名次", "组织代码", "组织名称", "得分", "星级", "星级序号"], rows);
    }

    private static async Task<Sheet?> DistributionAsync(CliContext c, string campaignId, string? scope, string? value, CancellationToken cancellationToken)
    {
        scope ??= "region";
        var distribution = await c.Api.GetAsync<DistributionResponse>($"campaigns/{Uri.EscapeDataString(campaignId)}/distribution/{Uri.EscapeDataString(scope)}", cancellationToken);
        var selected = distribution.Rows.Where(r => value is null || r.Value == value).ToList();
        var levels = selected.SelectMany(r => r.Levels.Keys).Distinct().ToList();
        var label = scope switch { "county" => "县", "field" => "领域", _ => "区域" };
        var rows = selected.Select(r => (IReadOnlyList<object?>)[r.Value, r.Total, .. levels.Select(l => (object?)r.Levels.GetValueOrDefault(l))]).ToList();
        return new Sheet("分布", [label, "组织数", .. levels], rows);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static async Task<int> WriteAsync(CliContext c, FileInfo file, byte[] bytes, CancellationToken cancellationToken, int? rows = null)
    {
        await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken);
        if (c.Json) c.WriteJson(new { file = file.FullName, bytes = bytes.Length, rows });
        else await c.Out.WriteLineAsync(c.Text.Exported(file.FullName, bytes.Length));
        return ExitCodes.Ok;
    }
}

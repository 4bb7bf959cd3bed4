using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BranchRating.Contracts.Submissions;
using Spectre.Console;

namespace BranchRating.Cli.Commands;

/// <summary>
/// <c>brc campaign progress &lt;id&gt; [--scope region|field] [--watch] [--interval 5s] [--times n]</c>: submission
/// progress per region, once or refreshed until Ctrl+C (a live table on a terminal, one table per refresh otherwise;
/// with <c>--json</c> one document, or one JSON line per refresh with <c>--watch</c>).
/// </summary>
internal static class ProgressCommand
{
    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web);

    public static Command Build(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var scope = new Option<string>("--scope") { Description = "region or field", DefaultValueFactory = _ => "region" };
        scope.AcceptOnlyFromAmong("region", "field");
        var watch = new Option<bool>("--watch") { Description = "Refresh until Ctrl+C" };
        var interval = new Option<string>("--interval") { Description = "Time between refreshes: 5s, 500ms, 1m", DefaultValueFactory = _ => "5s" };
        var times = new Option<int?>("--times") { Description = "Stop after this many refreshes (default: until Ctrl+C)" };
        var command = new Command("progress", "Submission progress per region (or field), optionally live") { campaignId, scope, watch, interval, times };
        command.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            if (ParseInterval(parsed.GetValue(interval)!) is not { } every)
            {
                await c.Err.WriteLineAsync(c.Text.BadInterval(parsed.GetValue(interval)!));
                return ExitCodes.Usage;
            }

            var path = Path(parsed.GetValue(campaignId)!, parsed.GetValue(scope)!);
            if (!parsed.GetValue(watch))
            {
                var once = await c.Api.GetAsync<ProgressResponse>(path, t);
                if (c.Json) c.WriteJson(once);
                else Render(SpectreConsole.For(c), c.Text, once);
                return ExitCodes.Ok;
            }

            return await WatchAsync(c, path, every, parsed.GetValue(times), t);
        }, ct));
        return command;
    }

    public static string Path(string campaignId, string scope) => $"campaigns/{Uri.EscapeDataString(campaignId)}/progress?scope={Uri.EscapeDataString(scope)}";

    /// <summary><c>5s</c>, <c>500ms</c>, <c>2m</c>, or seconds as a number; at least 100 ms.</summary>
    internal static TimeSpan? ParseInterval(string text)
    {
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n * unit >= 0.1 && n * unit <= 86_400
            ? TimeSpan.FromSeconds(n * unit)
            : null;
    }

    private static async Task<int> WatchAsync(CliContext c, string path, TimeSpan every, int? times, CancellationToken cancellationToken)
    {
        var console = SpectreConsole.For(c);
        var live = !c.Json && console.Profile.Capabilities.Interactive;
        try
        {
            if (live)
            {
                var first = await c.Api.GetAsync<ProgressResponse>(path, cancellationToken);
                var holder = new Rows(Layout(c.Text, first));
                await console.Live(holder).StartAsync(async ctx =>
                {
                    for (var n = 1; times is null || n < times; n++)
                    {
                        await Task.Delay(every, cancellationToken);
                        ctx.UpdateTarget(Layout(c.Text, await c.Api.GetAsync<ProgressResponse>(path, cancellationToken)));
                    }
                });
                return ExitCodes.Ok;
            }

            for (var n = 0; times is null || n < times; n++)
            {
                if (n > 0) await Task.Delay(every, cancellationToken);
                var progress = await c.Api.GetAsync<ProgressResponse>(path, cancellationToken);
                if (c.Json) await c.Out.WriteLineAsync(JsonSerializer.Serialize(progress, Line)); // NDJSON: one line per refresh
                else Render(console, c.Text, progress);
                await c.Out.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends the watch.
        }

        return ExitCodes.Ok;
    }

    public static void Render(IAnsiConsole console, Messages text, ProgressResponse progress) => console.Write(Layout(text, progress));

    private static Rows Layout(Messages text, ProgressResponse p)
    {
        var asOf = p.AsOf.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var steps = new Table().AddColumns(text.Step, text.Deadline, text.State);
        foreach (var s in p.Steps.OrderBy(s => s.Order))
        {
            steps.AddRow(Markup.Escape(s.Kind + (s.Final ? " *" : "")), Markup.Escape(s.DeadlineShanghai), Markup.Escape(s.State));
        }

        var table = new Table().AddColumns(text.ScopeLabel(p.Scope), text.Organizations, text.SelfSubmitted, text.SelfDrafts, text.Reviewed, text.BallotsCast, text.BallotsExpected, text.Participation);
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var r in p.Rows) table.AddRow(Cells(r.Value, r));
        table.AddRow(Cells(text.Total, p.Totals).Select(x => $"[bold]{x}[/]").ToArray());
        return new Rows(new Text(text.ProgressAsOf(p.CampaignId, asOf)), steps, table);
    }

    private static string[] Cells(string label, ProgressRow r) =>
    [
        Markup.Escape(label.Length == 0 ? "-" : label),
        N(r.Organizations),
        $"{N(r.SelfAssessmentsSubmitted)} {Percent(r.SelfAssessmentsSubmitted, r.Organizations)}",
        N(r.SelfAssessmentDrafts),
        $"{N(r.ReviewedOrganizations)} {Percent(r.ReviewedOrganizations, r.Organizations)}",
        N(r.BallotsCast),
        N(r.BallotsExpected),
        r.Participation is { } p ? (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
    ];

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole > 0 ? "(" + (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%)" : "";
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using Spectre.Console;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc campaign create</c> and <c>brc campaign show</c>.</summary>
internal static class CampaignCommands
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static Command Build(HttpClient http)
    {
        var preset = new Option<string?>("--preset") { Description = "Preset scheme id" };
        var scheme = new Option<FileInfo?>("--scheme") { Description = "Scheme file (validated locally before upload)" };
        var id = new Option<string?>("--id") { Description = "Campaign id (generated when absent)" };
        var name = new Option<string?>("--name") { Description = "Campaign name" };
        var steps = new Option<string[]>("--step")
        {
            Description = "kind=deadline, repeatable, in order; a deadline without offset is Asia/Shanghai time",
            AllowMultipleArgumentsPerToken = false,
        };
        var create = new Command("create", "Create a campaign from a preset or a scheme file") { preset, scheme, id, name, steps };
        create.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, (c, t) => CreateAsync(c, parsed.GetValue(preset), parsed.GetValue(scheme), parsed.GetValue(id), parsed.GetValue(name), parsed.GetValue(steps) ?? [], t), ct));

        var showId = new Argument<string>("campaignId");
        var show = new Command("show", "Show a campaign's steps, deadlines (Asia/Shanghai) and submission progress per region") { showId };
        show.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, (c, t) => ShowAsync(c, parsed.GetValue(showId)!, t), ct));

        return new Command("campaign", "Campaigns") { create, show, ProgressCommand.Build(http) };
    }

    private static async Task<int> CreateAsync(CliContext context, string? preset, FileInfo? schemeFile, string? id, string? name, string[] stepTexts, CancellationToken cancellationToken)
    {
        if ((preset is null) == (schemeFile is null))
        {
            await context.Err.WriteLineAsync(context.Text.PresetOrScheme);
            return ExitCodes.Usage;
        }

        var steps = new List<StepRequest>();
        foreach (var text in stepTexts)
        {
            var step = ParseStep(text);
            if (step is null)
            {
                await context.Err.WriteLineAsync(context.Text.BadStep(text));
                return ExitCodes.Usage;
            }

            steps.Add(step);
        }

        JsonElement? schemeJson = null;
        if (schemeFile is not null)
        {
            if (!schemeFile.Exists)
            {
                await context.Err.WriteLineAsync(context.Text.FileMissing(schemeFile.FullName));
                return ExitCodes.Usage;
            }

            var text = await File.ReadAllTextAsync(schemeFile.FullName, cancellationToken);
            var result = SchemeLoader.Parse(text);
            if (!result.IsValid)
            {
                var lines = SchemeLines.Read(text);
                if (context.Json) context.WriteJson(new { file = schemeFile.FullName, errors = result.Errors.Select(e => new { e.Path, line = lines.LineOf(e.Path), e.Rule, e.Message }) });
                else
                {
                    await context.Err.WriteLineAsync(context.Text.SchemeInvalid(schemeFile.Name, result.Errors.Count));
                    foreach (var e in result.Errors)
                    {
                        var at = lines.LineOf(e.Path) is { } line ? $"{schemeFile.Name}:{line}: " : "";
                        await context.Err.WriteLineAsync($"  {at}{e.Path}: [{e.Rule}] {e.Message}");
                    }
                }

                return ExitCodes.Refused;
            }

            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            schemeJson = doc.RootElement.Clone();
        }

        var request = new CreateCampaignRequest { Id = id, Name = name, PresetId = preset, Scheme = schemeJson, Steps = steps.Count > 0 ? steps : null };
        var campaign = await context.Api.PostJsonAsync<CampaignResponse>("campaigns", request, cancellationToken);
        if (context.Json) context.WriteJson(campaign);
        else
        {
            await context.Out.WriteLineAsync(context.Text.Created(campaign.Id));
            Render(context, campaign);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CliContext context, string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await context.Api.GetAsync<CampaignResponse>($"campaigns/{Uri.EscapeDataString(campaignId)}", cancellationToken);
        ProgressResponse? progress = null;
        try
        {
            progress = await context.Api.GetAsync<ProgressResponse>(ProgressCommand.Path(campaignId, "region"), cancellationToken);
        }
        catch (ApiRefusedException e) when (e.Status is 403 or 404)
        {
            // A caller who may read the campaign but not its progress (or an older host without the route) sees the steps only.
        }

        if (context.Json)
        {
            var json = JsonSerializer.SerializeToNode(campaign, CliContext.JsonOptions)!.AsObject();
            json["progress"] = progress is null ? null : JsonSerializer.SerializeToNode(progress, CliContext.JsonOptions);
            context.WriteJson(json);
        }
        else
        {
            Render(context, campaign);
            if (progress is not null) ProgressCommand.Render(SpectreConsole.For(context), context.Text, progress);
        }

        return ExitCodes.Ok;
    }

    private static void Render(CliContext context, CampaignResponse campaign)
    {
        var console = SpectreConsole.For(context);
        console.WriteLine($"{context.Text.Campaign}: {campaign.Id} {campaign.Name}");
        console.WriteLine($"{context.Text.Scheme}: {campaign.SchemeName} ({campaign.SchemeId} {campaign.SchemeVersion})");
        console.WriteLine(context.Text.Published(campaign.PublishedVersion));
        var table = new Table().AddColumns(context.Text.Step, context.Text.Deadline, context.Text.State, context.Text.Closed);
        foreach (var s in campaign.Steps.OrderBy(s => s.Order))
        {
            table.AddRow(Markup.Escape(s.Kind + (s.Final ? " *" : "")), Markup.Escape(s.DeadlineShanghai), Markup.Escape(s.State), Markup.Escape(s.ClosedShanghai ?? ""));
        }

        console.Write(table);
    }

    /// <summary><c>kind=deadline</c>; a deadline without an offset is read as Asia/Shanghai time.</summary>
    internal static StepRequest? ParseStep(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return null;
        return ParseInstant(text[(eq + 1)..]) is { } at ? new StepRequest(text[..eq].Trim(), at) : null;
    }

    /// <summary>An instant with an offset (<c>2026-06-05T18:00+08:00</c>, <c>…Z</c>), or a local time read as Asia/Shanghai.</summary>
    internal static DateTimeOffset? ParseInstant(string text)
    {
        var when = text.Trim();
        var hasOffset = when.EndsWith('Z') || (when.Length > 10 && (when[10..].Contains('+', StringComparison.Ordinal) || when[10..].Contains('-', StringComparison.Ordinal)));
        if (hasOffset)
        {
            return DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
        }

        return DateTime.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Shanghai)
            : null;
    }
}

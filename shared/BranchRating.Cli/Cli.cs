using System.CommandLine;
using BranchRating.Cli.Commands;

namespace BranchRating.Cli;

/// <summary>The tool's entry point, callable in-process (tests pass their own writers and HttpClient).</summary>
public static class Cli
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static readonly Option<string> Url = new("--url")
    {
        Description = "Host base URL (env BRANCHRATING_URL)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRANCHRATING_URL") is { Length: > 0 } u ? u : DefaultUrl,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Bearer token (env BRANCHRATING_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRANCHRATING_TOKEN"),
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public static readonly Option<string?> Lang = new("--lang") { Description = "zh-CN or en (default: the UI culture)", Recursive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        Lang.AcceptOnlyFromAmong("zh-CN", "en");
        var ownsHttp = http is null;
        http ??= new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            var root = new RootCommand("brc — BranchRating campaigns from the command line") { Url, Token, Json, Lang };
            root.Subcommands.Add(CampaignCommands.Build(http));
            root.Subcommands.Add(RosterCommand.Build(http));
            root.Subcommands.Add(StepCommand.Build(http));
            root.Subcommands.Add(PoisonCommand.Build(http));
            root.Subcommands.Add(ResultsCommand.Build(http));
            root.Subcommands.Add(DemoCommand.Build(http));
            root.Subcommands.Add(ExportCommand.Build(http));
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) await error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }

            var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
            return exit;
        }
        finally
        {
            if (ownsHttp) http.Dispose();
        }
    }

    /// <summary>Runs one command body with the context, mapping refusals and transport failures to exit codes.</summary>
    internal static async Task<int> ExecuteAsync(ParseResult parsed, HttpClient http, Func<CliContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var config = parsed.InvocationConfiguration;
        var messages = Messages.For(parsed.GetValue(Lang));
        var json = parsed.GetValue(Json);
        var urlText = parsed.GetValue(Url)!;
        if (!Uri.TryCreate(urlText.EndsWith('/') ? urlText : urlText + "/", UriKind.Absolute, out var url))
        {
            await config.Error.WriteLineAsync($"--url: {urlText}");
            return ExitCodes.Usage;
        }

        var context = new CliContext(new ApiClient(http, url, parsed.GetValue(Token)), config.Output, config.Error, messages, json);
        try
        {
            return await body(context, cancellationToken);
        }
        catch (ApiRefusedException ex)
        {
            if (json) context.WriteJson(new { status = ex.Status, title = ex.Title, errors = ex.Errors });
            else
            {
                await context.Err.WriteLineAsync(messages.Refused(ex.Status, ex.Title));
                foreach (var (field, reasons) in ex.Errors)
                {
                    foreach (var reason in reasons) await context.Err.WriteLineAsync($"  {field}: {reason}");
                }
            }

            return ExitCodes.Refused;
        }
        catch (ApiUnreachableException ex)
        {
            await context.Err.WriteLineAsync(messages.Unreachable(ex.Url, ex.Message));
            return ExitCodes.Unreachable;
        }
    }
}

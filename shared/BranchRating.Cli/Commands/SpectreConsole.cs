using Spectre.Console;

namespace BranchRating.Cli.Commands;

/// <summary>A Spectre console writing to the context's output (tables, progress), plain when not a terminal.</summary>
internal static class SpectreConsole
{
    public static IAnsiConsole For(CliContext context)
    {
        var terminal = ReferenceEquals(context.Out, System.Console.Out);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal || System.Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth; // a file or a pipe: wide tables stay one line per row
        }

        return console;
    }

    /// <summary>Columns used when the output is not a terminal (the terminal's own width otherwise).</summary>
    public const int RedirectedWidth = 200;
}

using Spectre.Console;

namespace BranchRating.Cli.Commands;

/// <summary>A Spectre console writing to the context's output (tables, progress), plain when not a terminal.</summary>
internal static class SpectreConsole
{
    public static IAnsiConsole For(CliContext context) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(context.Out),
        Ansi = ReferenceEquals(context.Out, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        Interactive = ReferenceEquals(context.Out, System.Console.Out) ? InteractionSupport.Detect : InteractionSupport.No,
    });
}

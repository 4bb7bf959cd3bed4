using System.CommandLine;
using BranchRating.Contracts.Operations;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc poison replay &lt;queue&gt;</c>: moves a poison queue's messages back to their queue.</summary>
internal static class PoisonCommand
{
    public static Command Build(HttpClient http)
    {
        var queue = new Argument<string>("queue") { Description = "The queue whose -poison messages are replayed, e.g. submissions" };
        var replay = new Command("replay", "Replay the poison queue") { queue };
        replay.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var operation = await c.Api.PostJsonAsync<OperationResponse>($"operations/replay-poison?queue={Uri.EscapeDataString(parsed.GetValue(queue)!)}", new { }, t);
            OperationOutput.Write(c, operation);
            return ExitCodes.Ok;
        }, ct));
        return new Command("poison", "Poison queues") { replay };
    }
}

using System.CommandLine;
using BranchRating.Contracts.Operations;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc step close &lt;campaignId&gt; &lt;step&gt;</c>: the department closes a step now.</summary>
internal static class StepCommand
{
    public static Command Build(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var step = new Argument<string>("step") { Description = "Step kind, e.g. self-assessment" };
        var close = new Command("close", "Close a step now (closing the final step publishes)") { campaignId, step };
        close.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            var operation = await c.Api.PostJsonAsync<OperationResponse>($"campaigns/{Uri.EscapeDataString(parsed.GetValue(campaignId)!)}/operations/close-step", new CloseStepRequest(parsed.GetValue(step)), t);
            OperationOutput.Write(c, operation);
            return ExitCodes.Ok;
        }, ct));
        return new Command("step", "Steps of a campaign") { close };
    }
}

internal static class OperationOutput
{
    public static void Write(CliContext context, OperationResponse operation)
    {
        if (context.Json) context.WriteJson(operation);
        else context.Out.WriteLine(context.Text.Operation(operation.Kind, operation.Id, operation.Status) + (operation.Detail is { } d ? " " + d : ""));
    }
}

using System.CommandLine;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Operations;

namespace BranchRating.Cli.Commands;

/// <summary><c>brc step close|extend &lt;campaignId&gt; &lt;step&gt;</c>: the department closes a step now, or moves its deadline.</summary>
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
        return new Command("step", "Steps of a campaign") { close, BuildExtend(http) };
    }

    /// <summary><c>brc step extend &lt;campaignId&gt; &lt;step&gt; --until &lt;time&gt; --reason &lt;text&gt; [--by &lt;department&gt;]</c>.</summary>
    private static Command BuildExtend(HttpClient http)
    {
        var campaignId = new Argument<string>("campaignId");
        var step = new Argument<string>("step") { Description = "Step kind, e.g. self-assessment" };
        var until = new Option<string>("--until") { Description = "New deadline: 2026-06-08T18:00+08:00, or Asia/Shanghai local time \"2026-06-08 18:00\"", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (recorded with the extension)", Required = true };
        var by = new Option<string?>("--by")
        {
            Description = "The authorised department (env BRANCHRATING_DEPARTMENT)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRANCHRATING_DEPARTMENT"),
        };
        var extend = new Command("extend", "Move a step's deadline later (recorded with its reason; the grace window is kept)") { campaignId, step, until, reason, by };
        extend.SetAction((parsed, ct) => Cli.ExecuteAsync(parsed, http, async (c, t) =>
        {
            if (CampaignCommands.ParseInstant(parsed.GetValue(until)!) is not { } at)
            {
                await c.Err.WriteLineAsync(c.Text.BadInstant(parsed.GetValue(until)!));
                return ExitCodes.Usage;
            }

            var kind = parsed.GetValue(step)!;
            var lifecycle = await c.Api.PostJsonAsync<LifecycleResponse>(
                $"campaigns/{Uri.EscapeDataString(parsed.GetValue(campaignId)!)}/lifecycle/steps/{Uri.EscapeDataString(kind)}/extend",
                new StepActionRequest(parsed.GetValue(by), parsed.GetValue(reason), at), t);
            if (c.Json) c.WriteJson(lifecycle);
            else if (lifecycle.Steps.FirstOrDefault(s => s.Kind == kind) is { } s) await c.Out.WriteLineAsync(c.Text.Extended(kind, s.SoftDeadlineShanghai, s.HardExpiryShanghai));
            return ExitCodes.Ok;
        }, ct));
        return extend;
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

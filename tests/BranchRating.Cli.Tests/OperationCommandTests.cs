using System.Text.Json;
using Azure.Storage.Queues;
using BranchRating.Contracts;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Operations;

namespace BranchRating.Cli.Tests;

public sealed class OperationCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Step_close_closes_the_step_once_and_a_second_close_is_refused()
    {
        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", "cli-close", "--name", "关闭",
            "--step", "self-assessment=2026-06-05T18:00+08:00", "--step", "determination=2026-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);

        var close = await host.RunAsync("step", "close", "cli-close", "self-assessment", "--json");
        Assert.True(close.Exit == ExitCodes.Ok, close.Err + close.Out);
        var operation = JsonSerializer.Deserialize<OperationResponse>(close.Out, Json)!;
        // The campaign's only input step: closing it starts scoring every organization ahead of the determination.
        Assert.Equal(OperationKinds.Score, operation.Kind);
        Assert.Contains("self-assessment", operation.Detail, StringComparison.Ordinal);

        var show = JsonSerializer.Deserialize<CampaignResponse>((await host.RunAsync("campaign", "show", "cli-close", "--json")).Out, Json)!;
        Assert.NotNull(show.Steps.Single(s => s.Kind == StepKinds.SelfAssessment).ClosedAt);

        var again = await host.RunAsync("step", "close", "cli-close", "self-assessment", "--lang", "en");
        Assert.Equal(ExitCodes.Refused, again.Exit);
        Assert.Contains("HTTP 409", again.Err, StringComparison.Ordinal);
        Assert.Contains("step:", again.Err, StringComparison.Ordinal);

        var unknown = await host.RunAsync("step", "close", "cli-close", "appraisal", "--json");
        Assert.Equal(ExitCodes.Refused, unknown.Exit);
        using var problem = JsonDocument.Parse(unknown.Out);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("step", out _));
    }

    [Fact]
    public async Task Poison_replay_moves_the_poison_messages_back_and_an_unknown_queue_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var poison = new QueueClient(host.ConnectionString, StorageNames.Queues.Poison(StorageNames.Queues.Submissions));
        await poison.CreateIfNotExistsAsync(cancellationToken: ct);
        await poison.SendMessageAsync("e30=", cancellationToken: ct);
        await poison.SendMessageAsync("e30=", cancellationToken: ct);

        var run = await host.RunAsync("poison", "replay", StorageNames.Queues.Submissions, "--json");
        Assert.True(run.Exit == ExitCodes.Ok, run.Err + run.Out);
        var operation = JsonSerializer.Deserialize<OperationResponse>(run.Out, Json)!;
        Assert.Equal(2, operation.Done);
        var left = await poison.GetPropertiesAsync(ct);
        Assert.Equal(0, left.Value.ApproximateMessagesCount);

        var bad = await host.RunAsync("poison", "replay", "no-such-queue", "--lang", "en");
        Assert.Equal(ExitCodes.Refused, bad.Exit);
        Assert.Contains("queue:", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_before_publication_are_refused_naming_the_version()
    {
        var create = await host.RunAsync("campaign", "create", "--preset", "five-good", "--id", "cli-results", "--name", "结果",
            "--step", "self-assessment=2026-06-05T18:00+08:00", "--step", "determination=2026-06-20T18:00+08:00");
        Assert.True(create.Exit == ExitCodes.Ok, create.Err);
        var run = await host.RunAsync("results", "cli-results", "C1", "--json");
        Assert.Equal(ExitCodes.Refused, run.Exit);
        using var problem = JsonDocument.Parse(run.Out);
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }
}

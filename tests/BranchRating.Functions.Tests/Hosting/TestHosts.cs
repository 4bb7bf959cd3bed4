using Azure.Storage.Queues;
using BranchRating.Functions.Hosting;
using BranchRating.Host.Hosting;
using BranchRating.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>
/// Builds the real host (same registration as Program.cs) on a test server, against the tests' Azurite.
/// <see cref="BuildIsolated"/> removes the application's own queue and timer functions: the host tests run it with
/// their test functions only, so that no listener of theirs takes messages of the application's queues.
/// </summary>
internal static class TestHosts
{
    public static WebApplication Build(
        string connectionString,
        string roles,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool onlyTestFunctions = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        var configuration = new Dictionary<string, string?>
        {
            ["Host:Roles"] = roles,
            ["Storage:ConnectionString"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddBranchRatingHost();
        if (onlyTestFunctions)
        {
            // Only the test's own queue and timer functions: the application's would share the tests' Azurite
            // queues with other tests in this assembly.
            builder.Services.RemoveAll<IQueueFunction>();
            builder.Services.RemoveAll<ITimerFunction>();
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapBranchRatingHost();
        return app;
    }

    public static WebApplication BuildIsolated(
        string connectionString,
        string roles,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        Build(connectionString, roles, settings, services, onlyTestFunctions: true);

    /// <summary>Listener settings that make a test queue fast: immediate retries, short polling.</summary>
    public static Dictionary<string, string?> FastQueue(string queue, int batchSize = 16) => new()
    {
        [$"Queues:{queue}:RetryDelay"] = "00:00:00",
        [$"Queues:{queue}:MinPollingInterval"] = "00:00:00.050",
        [$"Queues:{queue}:MaxPollingInterval"] = "00:00:00.200",
        [$"Queues:{queue}:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Queues:{queue}:MaxConcurrency"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string NewQueueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A sender as the pipeline's handlers have one: base64, through the shared defaults.</summary>
    public static QueueClient Sender(string connectionString, string queue) =>
        QueueClientDefaults.CreateServiceClient(connectionString).GetQueueClient(queue);

    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/> passes (then fails, saying what was awaited).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {what}.");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        EventuallyAsync(() => Task.FromResult(condition()), timeout, what);
}

/// <summary>A queue function whose behaviour the test gives; records every delivery.</summary>
internal sealed class TestQueueFunction(string queueName, Func<QueueMessageContext, CancellationToken, Task> handle) : IQueueFunction
{
    private readonly List<QueueMessageContext> _deliveries = [];
    private readonly List<QueueMessageContext> _completed = [];

    public string QueueName { get; } = queueName;

    public IReadOnlyList<QueueMessageContext> Deliveries { get { lock (_deliveries) { return _deliveries.ToList(); } } }

    public IReadOnlyList<QueueMessageContext> Completed { get { lock (_completed) { return _completed.ToList(); } } }

    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        lock (_deliveries)
        {
            _deliveries.Add(message);
        }

        await handle(message, cancellationToken);
        lock (_completed)
        {
            _completed.Add(message);
        }
    }
}

/// <summary>A timer function whose behaviour the test gives; records every run.</summary>
internal sealed class TestTimerFunction(string name, Func<TimerContext, int, Task>? run = null) : ITimerFunction
{
    private readonly List<TimerContext> _runs = [];

    public string Name { get; } = name;

    public string ScheduleSetting => "Schedules:" + Name;

    public IReadOnlyList<TimerContext> Runs { get { lock (_runs) { return _runs.ToList(); } } }

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        int number;
        lock (_runs)
        {
            _runs.Add(timer);
            number = _runs.Count;
        }

        if (run is not null)
        {
            await run(timer, number);
        }
    }
}

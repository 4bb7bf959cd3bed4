using BranchRating.Functions.Hosting;
using BranchRating.Host.Hosting;
using BranchRating.Host.Queues;
using BranchRating.Host.Timers;
using BranchRating.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>Host:Roles decides what a process runs: HTTP functions, queue listeners, timers.</summary>
public sealed class HostRolesTests(AzuriteFixture azurite)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, HostRole.All)]
    [InlineData("", HostRole.All)]
    [InlineData("all", HostRole.All)]
    [InlineData("api", HostRole.Api)]
    [InlineData("worker, scheduler", HostRole.Worker | HostRole.Scheduler)]
    [InlineData("API,Worker", HostRole.Api | HostRole.Worker)]
    public void Roles_are_read_from_a_comma_separated_setting(string? setting, HostRole expected) =>
        Assert.Equal(expected, HostRoles.Parse(setting).Value);

    [Fact]
    public void An_unknown_role_is_refused_naming_it_and_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostRoles.Parse("api,workers"));
        Assert.Contains("'workers'", error.Message);
        Assert.Contains("Host__Roles", error.Message);
    }

    [Fact]
    public async Task The_api_role_runs_no_listener_and_no_timer_and_serves_the_OpenAPI_document()
    {
        var queue = TestHosts.NewQueueName("api");
        var function = new TestQueueFunction(queue, (_, _) => Task.CompletedTask);
        var timer = new TestTimerFunction("ApiRoleTimer");
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "api", services: s =>
        {
            s.AddSingleton<IQueueFunction>(function);
            s.AddSingleton<ITimerFunction>(timer); // no schedule configured: the api role must not even read it
        });
        await host.StartAsync(Ct);

        var hosted = host.Services.GetServices<IHostedService>().ToList();
        Assert.DoesNotContain(hosted, h => h is QueueListeners or QueueListener or CronScheduler);
        Assert.Null(host.Services.GetService<QueueListeners>());
        Assert.Null(host.Services.GetService<CronScheduler>());

        var client = host.GetTestClient();
        var openApi = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("\"openapi\"", await openApi.Content.ReadAsStringAsync(Ct));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task The_worker_role_maps_no_HTTP_function_only_the_health_probe_and_runs_one_listener_per_queue_function()
    {
        var first = new TestQueueFunction(TestHosts.NewQueueName("w1"), (_, _) => Task.CompletedTask);
        var second = new TestQueueFunction(TestHosts.NewQueueName("w2"), (_, _) => Task.CompletedTask);
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", services: s =>
        {
            s.AddSingleton<IQueueFunction>(first);
            s.AddSingleton<IQueueFunction>(second);
        });
        await host.StartAsync(Ct);

        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();
        Assert.Equal(["/healthz"], routes);
        var client = host.GetTestClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json", Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);

        var listeners = host.Services.GetRequiredService<QueueListeners>().Listeners;
        // The product's own queue functions (campaign pipeline, notifications) listen too; the test's two come in order.
        Assert.Equal([first.QueueName, second.QueueName], listeners.Select(l => l.QueueName).Where(q => !BranchRating.Contracts.StorageNames.Queues.All.Contains(q)));
        Assert.Null(host.Services.GetService<CronScheduler>());
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Two_functions_on_one_queue_stop_the_host_at_start()
    {
        var queue = TestHosts.NewQueueName("dup");
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "worker", services: s =>
        {
            s.AddSingleton<IQueueFunction>(new TestQueueFunction(queue, (_, _) => Task.CompletedTask));
            s.AddSingleton<IQueueFunction>(new TestQueueFunction(queue, (_, _) => Task.CompletedTask));
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));
        Assert.Contains(queue, error.Message);
    }

    [Fact]
    public async Task Wrong_listener_settings_stop_the_host_at_start_naming_the_setting()
    {
        var queue = TestHosts.NewQueueName("bad");
        await using var host = TestHosts.BuildIsolated(
            azurite.ConnectionString,
            "worker",
            new Dictionary<string, string?> { [$"Queues:{queue}:BatchSize"] = "64" },
            s => s.AddSingleton<IQueueFunction>(new TestQueueFunction(queue, (_, _) => Task.CompletedTask)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));
        Assert.Contains($"Queues:{queue}:BatchSize must be between 1 and 32", error.Message);
    }

    [Fact]
    public async Task Missing_storage_settings_stop_the_host_at_start_naming_the_environment_variables()
    {
        await using var host = TestHosts.BuildIsolated("", "api", new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "",
            ["Storage:TableServiceUri"] = "not a uri",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));
        Assert.Contains("Storage__TableServiceUri must be an absolute http(s) URI", error.Message);
        Assert.Contains("Storage__QueueServiceUri is required", error.Message);
        Assert.Contains("Storage__BlobServiceUri is required", error.Message);
    }

    [Fact]
    public void The_settings_list_names_every_environment_variable_the_host_reads()
    {
        Assert.Contains("Host__Roles", HostSettings.EnvironmentVariables);
        Assert.Contains("Storage__QueueServiceUri", HostSettings.EnvironmentVariables);
        Assert.True(HostSettings.IsRead("Schedules__CloseDueSteps"));
        Assert.True(HostSettings.IsRead("Queues__ranking__BatchSize"));
        Assert.True(HostSettings.IsRead("AZURE_CLIENT_ID"));
        Assert.True(HostSettings.IsRead("Pipeline__Buckets"));
        Assert.True(HostSettings.IsRead("Host__RunOnce"));
        Assert.True(HostSettings.IsRead("Auth__Authority"));
        Assert.True(HostSettings.IsRead("Auth__Audience"));
        Assert.True(HostSettings.IsRead("Auth__ClockSkew"));
        Assert.True(HostSettings.IsRead("Ballots__MaxTokensPerBox"));
        Assert.True(HostSettings.IsRead("KeyVault__VaultUri"));
        Assert.True(HostSettings.IsRead("RateLimits__Ballots__PermitLimit"));
        Assert.True(HostSettings.IsRead("RequestLimits__MaxBodyBytes"));
        Assert.True(HostSettings.IsRead("Audit__MaxAppendAttempts"));
        Assert.True(HostSettings.IsRead("Notifications__Retry__MaxAttempts"));
        Assert.False(HostSettings.IsRead("AzureWebJobsStorage"));
        Assert.False(HostSettings.IsRead("Schedules__"));
        Assert.Equal(HostSettings.All.Count, HostSettings.EnvironmentVariables.Distinct().Count());
    }

    [Fact]
    public void Every_options_section_the_host_binds_is_in_the_settings_list()
    {
        // Options classes name their section in a constant (SectionName or Section); the host loads them all.
        var assemblies = new[] { typeof(HostSettings).Assembly }
            .Concat(typeof(HostSettings).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("BranchRating.", StringComparison.Ordinal)).Select(System.Reflection.Assembly.Load))
            .Append(typeof(BranchRating.Security.Authentication.AuthOptions).Assembly)
            .Distinct();
        var sections = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => t.GetField("SectionName") ?? t.GetField("Section"))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Distinct()
            .ToList();

        Assert.Contains("Auth", sections);
        Assert.Contains("Ballots", sections);
        Assert.Contains("Pipeline", sections);
        Assert.All(sections, section => Assert.True(HostSettings.IsRead(section.Replace(":", "__", StringComparison.Ordinal) + "__Any") || HostSettings.All.Any(s => s.Key.StartsWith(section + ":", StringComparison.Ordinal)),
            $"options section '{section}' is bound by the host but not listed in HostSettings.All"));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using BranchRating.Infra.Tests.Bicep;
using Cronos;
using static BranchRating.Infra.Tests.Scaling.Workloads;

namespace BranchRating.Infra.Tests.Scaling;

/// <summary>
/// Timers never double-fire. By default the scheduler is a Container Apps cron job: one replica per execution,
/// executions that cannot overlap, each running the timers due within the last tick once (Host__RunOnce).
/// With <c>schedulerHosting = 'app'</c> it is exactly one always-on replica running the host's cron timers.
/// </summary>
public sealed class SchedulerTests(CompiledInfrastructure infra)
{
    private JsonObject Job => infra.Snapshot.Single("Microsoft.App/jobs");

    private JsonNode JobConfiguration => Job["properties"]!["configuration"]!;

    [Fact]
    public void By_default_the_scheduler_is_a_cron_job_with_one_replica_per_execution_and_no_retries()
    {
        var trigger = JobConfiguration["scheduleTriggerConfig"]!;

        Assert.DoesNotContain(infra.Snapshot.OfType("Microsoft.App/containerApps"), a => ((string)a["name"]!).Contains("scheduler", StringComparison.Ordinal));
        Assert.Equal("Schedule", (string)JobConfiguration["triggerType"]!);
        Assert.Equal(1, (int)trigger["parallelism"]!);
        Assert.Equal(1, (int)trigger["replicaCompletionCount"]!);
        Assert.Equal(0, (int)JobConfiguration["replicaRetryLimit"]!);
    }

    [Fact]
    public void A_scheduler_execution_ends_before_the_next_one_can_start()
    {
        var timeout = TimeSpan.FromSeconds((int)JobConfiguration["replicaTimeout"]!);

        Assert.True(timeout < ShortestTick(), $"replicaTimeout {timeout} must be shorter than the shortest cron interval {ShortestTick()}");
    }

    [Fact]
    public void The_job_runs_the_timers_due_within_exactly_one_tick_and_exits()
    {
        var window = TimeSpan.Parse(Setting(Job, "Scheduler__RunOnceWindow")!, CultureInfo.InvariantCulture);

        Assert.Equal("true", Setting(Job, "Host__RunOnce"));
        // Shorter: occurrences between two ticks would be missed; longer: they would run twice.
        Assert.Equal(ShortestTick(), window);
        Assert.Equal(LongestTick(), window);
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void Only_the_scheduler_job_is_told_to_run_once(string variant)
    {
        var snapshot = infra.Variant(variant);

        Assert.All(snapshot.OfType("Microsoft.App/containerApps"), a =>
        {
            Assert.Null(Setting(a, "Host__RunOnce"));
            Assert.Null(Setting(a, "Scheduler__RunOnceWindow"));
        });
    }

    [Fact]
    public void As_an_app_the_scheduler_is_exactly_one_replica_without_ingress()
    {
        var scheduler = infra.AppSnapshot.Named("Microsoft.App/containerApps", "ca-scheduler-");
        var scale = scheduler["properties"]!["template"]!["scale"]!;

        Assert.Empty(infra.AppSnapshot.OfType("Microsoft.App/jobs"));
        Assert.Equal(1, (int)scale["minReplicas"]!);
        Assert.Equal(1, (int)scale["maxReplicas"]!);
        Assert.Null(scale["rules"]);
        Assert.Null(scheduler["properties"]!["configuration"]!["ingress"]);
    }

    [Fact]
    public void Timer_schedules_are_the_host_defaults_unless_overridden_and_only_the_scheduler_gets_overrides()
    {
        Assert.DoesNotContain(infra.Snapshot.Containers().SelectMany(c => Env(c.Resource)),
            e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal));

        var overrides = Env(Scheduler(infra.AppSnapshot)).Where(e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal)).ToList();
        var single = Assert.Single(overrides);
        Assert.Equal("Schedules__" + CompiledInfrastructure.OverriddenSchedule, (string)single["name"]!);
        Assert.Equal(CompiledInfrastructure.OverriddenCron, (string)single["value"]!);
        Assert.DoesNotContain(Env(Api(infra.AppSnapshot)), e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal));
        Assert.DoesNotContain(Env(Worker(infra.AppSnapshot)), e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal));
    }

    private TimeSpan ShortestTick() => Ticks().Min();

    private TimeSpan LongestTick() => Ticks().Max();

    /// <summary>The gaps between the job's executions over a week (cron schedules repeat at least weekly, UTC).</summary>
    private IEnumerable<TimeSpan> Ticks()
    {
        var cron = CronExpression.Parse((string)JobConfiguration["scheduleTriggerConfig"]!["cronExpression"]!);
        var from = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var occurrences = cron.GetOccurrences(from, from.AddDays(7)).ToList();
        return occurrences.Zip(occurrences.Skip(1), (a, b) => b - a);
    }
}

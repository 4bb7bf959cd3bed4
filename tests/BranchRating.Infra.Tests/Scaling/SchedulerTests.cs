using BranchRating.Infra.Tests.Bicep;
using Cronos;
using static BranchRating.Infra.Tests.Scaling.Workloads;

namespace BranchRating.Infra.Tests.Scaling;

/// <summary>
/// Timers never double-fire: by default the scheduler is one always-on replica running the host's cron timers;
/// with <c>schedulerHosting = 'job'</c> it is a Container Apps cron job whose executions cannot overlap.
/// </summary>
public sealed class SchedulerTests(CompiledInfrastructure infra)
{
    [Fact]
    public void By_default_the_scheduler_is_exactly_one_replica_without_ingress()
    {
        var scheduler = infra.Snapshot.Named("Microsoft.App/containerApps", "ca-scheduler-");
        var scale = scheduler["properties"]!["template"]!["scale"]!;

        Assert.Empty(infra.Snapshot.OfType("Microsoft.App/jobs"));
        Assert.Equal(1, (int)scale["minReplicas"]!);
        Assert.Equal(1, (int)scale["maxReplicas"]!);
        Assert.Null(scale["rules"]);
        Assert.Null(scheduler["properties"]!["configuration"]!["ingress"]);
        Assert.Null(Setting(scheduler, "Host__RunOnce"));
    }

    [Fact]
    public void The_scheduler_job_runs_one_replica_per_execution_without_retries()
    {
        var configuration = infra.JobSnapshot.Single("Microsoft.App/jobs")["properties"]!["configuration"]!;
        var trigger = configuration["scheduleTriggerConfig"]!;

        Assert.DoesNotContain(infra.JobSnapshot.OfType("Microsoft.App/containerApps"), a => ((string)a["name"]!).Contains("scheduler", StringComparison.Ordinal));
        Assert.Equal("Schedule", (string)configuration["triggerType"]!);
        Assert.Equal(1, (int)trigger["parallelism"]!);
        Assert.Equal(1, (int)trigger["replicaCompletionCount"]!);
        Assert.Equal(0, (int)configuration["replicaRetryLimit"]!);
    }

    [Fact]
    public void A_scheduler_job_execution_ends_before_the_next_one_can_start()
    {
        var configuration = infra.JobSnapshot.Single("Microsoft.App/jobs")["properties"]!["configuration"]!;
        var cron = CronExpression.Parse((string)configuration["scheduleTriggerConfig"]!["cronExpression"]!);
        var timeout = TimeSpan.FromSeconds((int)configuration["replicaTimeout"]!);

        // The shortest gap between two executions over a week (cron schedules repeat at least weekly, UTC).
        var from = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var occurrences = cron.GetOccurrences(from, from.AddDays(7)).ToList();
        var shortestGap = occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).Min();

        Assert.True(timeout < shortestGap, $"replicaTimeout {timeout} must be shorter than the shortest cron interval {shortestGap}");
    }

    [Fact]
    public void Only_the_scheduler_job_is_told_to_run_the_due_timers_once_and_exit()
    {
        var snapshot = infra.JobSnapshot;

        Assert.Equal("true", Setting(snapshot.Single("Microsoft.App/jobs"), "Host__RunOnce"));
        Assert.Null(Setting(Api(snapshot), "Host__RunOnce"));
        Assert.Null(Setting(Worker(snapshot), "Host__RunOnce"));
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("job")]
    public void Only_the_scheduler_gets_the_timer_schedules_and_each_is_a_six_field_cron(string variant)
    {
        var snapshot = infra.Variant(variant);
        var schedules = Env(Scheduler(snapshot)).Where(e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(schedules);
        Assert.All(schedules, s => CronExpression.Parse((string)s["value"]!, CronFormat.IncludeSeconds));
        Assert.DoesNotContain(Env(Api(snapshot)), e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal));
        Assert.DoesNotContain(Env(Worker(snapshot)), e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal));
    }
}

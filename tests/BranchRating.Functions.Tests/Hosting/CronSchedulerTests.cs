using BranchRating.Functions.Hosting;
using BranchRating.Host.Timers;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>The scheduler role on a fake clock: cron occurrences, IsPastDue, failures that do not stop the timer.</summary>
public sealed class CronSchedulerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_timer_fires_at_each_occurrence_and_reports_a_late_run_as_past_due_once()
    {
        var clock = new WaitAwareClock(Start);
        var timer = new TestTimerFunction("Every10s" + Guid.NewGuid().ToString("N")[..6]);
        await using var host = BuildScheduler(clock, timer, "*/10 * * * * *");
        await host.StartAsync(Ct);
        Assert.Empty(timer.Runs);

        await clock.AdvanceAfterWaitAsync(1, TimeSpan.FromSeconds(10));
        await TestHosts.EventuallyAsync(() => timer.Runs.Count == 1, Timeout, "the 12:00:10 occurrence runs");
        Assert.Equal(new TimerContext(Start.AddSeconds(10), Start.AddSeconds(10), IsPastDue: false), timer.Runs[0]);

        // The clock jumps 35 s (a paused process): the missed 12:00:20 and 12:00:30 collapse into one late run.
        await clock.AdvanceAfterWaitAsync(2, TimeSpan.FromSeconds(35));
        await TestHosts.EventuallyAsync(() => timer.Runs.Count == 2, Timeout, "the late run happens");
        Assert.Equal(new TimerContext(Start.AddSeconds(40), Start.AddSeconds(45), IsPastDue: true), timer.Runs[1]);

        await clock.AdvanceAfterWaitAsync(3, TimeSpan.FromSeconds(5));
        await TestHosts.EventuallyAsync(() => timer.Runs.Count == 3, Timeout, "the 12:00:50 occurrence runs");
        Assert.Equal(new TimerContext(Start.AddSeconds(50), Start.AddSeconds(50), IsPastDue: false), timer.Runs[2]);
        Assert.Equal(3, timer.Runs.Count);

        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_timer_that_throws_is_logged_and_still_fires_at_its_next_occurrences()
    {
        var clock = new WaitAwareClock(Start);
        var timer = new TestTimerFunction("Failing" + Guid.NewGuid().ToString("N")[..6], (_, number) =>
            number == 1 ? throw new InvalidOperationException("close failed") : Task.CompletedTask);
        await using var host = BuildScheduler(clock, timer, "0 * * * * *");
        await host.StartAsync(Ct);
        var scheduler = host.Services.GetRequiredService<CronScheduler>();

        await clock.AdvanceAfterWaitAsync(1, TimeSpan.FromMinutes(1));
        await TestHosts.EventuallyAsync(() => scheduler.Timers.Single(t => t.Name == timer.Name).Failures == 1, Timeout, "the first run fails");
        await clock.AdvanceAfterWaitAsync(2, TimeSpan.FromMinutes(1));
        await TestHosts.EventuallyAsync(() => scheduler.Timers.Single(t => t.Name == timer.Name).Runs == 1, Timeout, "the second run succeeds");
        await clock.AdvanceAfterWaitAsync(3, TimeSpan.FromMinutes(1));
        await TestHosts.EventuallyAsync(() => scheduler.Timers.Single(t => t.Name == timer.Name).Runs == 2, Timeout, "the third run succeeds");

        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(2), Start.AddMinutes(3)], timer.Runs.Select(r => r.ScheduledFor));
        Assert.All(timer.Runs, r => Assert.False(r.IsPastDue));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task One_timer_runs_one_invocation_at_a_time_and_occurrences_missed_during_a_long_run_collapse_into_one_run()
    {
        var clock = new WaitAwareClock(Start);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = new TestTimerFunction("Slow" + Guid.NewGuid().ToString("N")[..6], (_, number) => number == 1 ? gate.Task : Task.CompletedTask);
        await using var host = BuildScheduler(clock, timer, "*/10 * * * * *");
        await host.StartAsync(Ct);

        await clock.AdvanceAfterWaitAsync(1, TimeSpan.FromSeconds(10));
        await TestHosts.EventuallyAsync(() => timer.Runs.Count == 1, Timeout, "the first run starts");
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200, Ct);
        Assert.Single(timer.Runs); // still running: no overlapping run

        gate.SetResult();
        await TestHosts.EventuallyAsync(() => timer.Runs.Count == 2, Timeout, "the missed occurrences run once");
        Assert.Equal(new TimerContext(Start.AddSeconds(40), Start.AddSeconds(40), IsPastDue: false), timer.Runs[1]);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_timer_without_a_schedule_stops_the_host_at_start_naming_the_setting()
    {
        var timer = new TestTimerFunction("NoSchedule");
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "scheduler", services: s => s.AddSingleton<ITimerFunction>(timer));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));
        Assert.Contains("Schedules:NoSchedule", error.Message);
        Assert.Contains("Schedules__NoSchedule", error.Message);
    }

    [Fact]
    public async Task A_five_field_schedule_is_refused_with_the_expected_format()
    {
        var timer = new TestTimerFunction("FiveFields");
        await using var host = TestHosts.BuildIsolated(
            azurite.ConnectionString,
            "scheduler",
            new Dictionary<string, string?> { ["Schedules:FiveFields"] = "*/5 * * * *" },
            s => s.AddSingleton<ITimerFunction>(timer));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));
        Assert.Contains("six-field", error.Message);
        Assert.Contains("*/5 * * * *", error.Message);
    }

    [Fact]
    public async Task As_a_run_once_job_the_scheduler_runs_each_due_timer_once_then_stops_the_process_with_exit_code_1_if_one_failed()
    {
        var clock = new FakeTimeProvider(Start.AddMinutes(3).AddSeconds(20)); // a job tick 20 s late, at 12:03:20
        var everyMinute = new TestTimerFunction("Minutely" + Guid.NewGuid().ToString("N")[..6]);
        var daily = new TestTimerFunction("Daily" + Guid.NewGuid().ToString("N")[..6]);
        var failing = new TestTimerFunction("Broken" + Guid.NewGuid().ToString("N")[..6], (_, _) => throw new InvalidOperationException("boom"));
        await using var host = TestHosts.BuildIsolated(
            azurite.ConnectionString,
            "scheduler",
            new Dictionary<string, string?>
            {
                ["Host:RunOnce"] = "true",
                [everyMinute.ScheduleSetting] = "0 * * * * *",
                [daily.ScheduleSetting] = "0 0 10 * * *", // 18:00 Beijing
                [failing.ScheduleSetting] = "0 */2 * * * *",
            },
            s =>
            {
                s.AddSingleton<ITimerFunction>(everyMinute);
                s.AddSingleton<ITimerFunction>(daily);
                s.AddSingleton<ITimerFunction>(failing);
                s.AddSingleton<TimeProvider>(clock);
            });

        var exitCode = host.Services.GetRequiredService<BranchRating.Host.Hosting.HostExitCode>();
        await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(host, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct); // returns because the scheduler stops the host

        Assert.Equal(new TimerContext(Start.AddMinutes(3), Start.AddMinutes(3).AddSeconds(20), IsPastDue: true), Assert.Single(everyMinute.Runs));
        Assert.Empty(daily.Runs);
        Assert.Equal(Start.AddMinutes(2), Assert.Single(failing.Runs).ScheduledFor);
        Assert.Equal(1, exitCode.Value);
    }

    [Fact]
    public async Task Run_once_with_other_roles_is_refused_at_start()
    {
        await using var host = TestHosts.BuildIsolated(azurite.ConnectionString, "scheduler,worker", new Dictionary<string, string?> { ["Host:RunOnce"] = "true" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));
        Assert.Contains("Host__RunOnce=true", error.Message);
        Assert.Contains("Host__Roles=scheduler alone", error.Message);
    }

    [Fact]
    public async Task The_shipped_settings_give_every_registered_timer_a_valid_schedule()
    {
        // The real registrations (AddCampaignFunctions, AddNotificationFunctions) and the host's appsettings.json;
        // the frozen clock keeps the timers from firing.
        await using var host = TestHosts.Build(
            azurite.ConnectionString, "scheduler", services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Start)));
        await host.StartAsync(Ct); // throws, naming the setting, when a timer has no schedule or an invalid one

        var scheduler = host.Services.GetRequiredService<CronScheduler>();
        Assert.Equal(host.Services.GetServices<ITimerFunction>().Select(t => t.Name), scheduler.Timers.Select(t => t.Name));
        Assert.Contains(scheduler.Timers, t => t.ScheduleSetting == "Schedules:CloseDueSteps");

        var configuration = host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        Assert.Equal("*/15 * * * * *", configuration["Schedules:CloseDueSteps"]);
        Assert.Equal("*/15 * * * * *", configuration["Schedules:DispatchOutbox"]);
        Assert.All(scheduler.Timers, t => Assert.NotNull(t.Schedule.GetNextOccurrence(Start, TimeZoneInfo.Utc)));
        await host.StopAsync(Ct);
    }

    private Microsoft.AspNetCore.Builder.WebApplication BuildScheduler(FakeTimeProvider clock, TestTimerFunction timer, string schedule) =>
        TestHosts.BuildIsolated(
            azurite.ConnectionString,
            "scheduler",
            new Dictionary<string, string?> { [timer.ScheduleSetting] = schedule },
            s =>
            {
                s.AddSingleton<ITimerFunction>(timer);
                s.AddSingleton<TimeProvider>(clock);
            });
}

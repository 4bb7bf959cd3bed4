using Microsoft.Extensions.Options;

namespace BranchRating.Host.Timers;

/// <summary>Settings of the scheduler role, bound from section <c>Scheduler</c> (and <c>Host:RunOnce</c>).</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>Configuration key of <see cref="RunOnce"/> (env <c>Host__RunOnce</c>).</summary>
    public const string RunOnceSetting = "Host:RunOnce";

    /// <summary>A run starting later than its scheduled time by more than this is reported with <c>IsPastDue</c>.</summary>
    public TimeSpan PastDueTolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Run each timer that is due once, then stop the process (exit code 1 when a timer failed): the scheduler as a
    /// Container Apps job on a cron trigger. A timer is due when it has an occurrence within the last
    /// <see cref="RunOnceWindow"/>.
    /// </summary>
    public bool RunOnce { get; set; }

    /// <summary>With <see cref="RunOnce"/>: how far back an occurrence makes a timer due; the interval of the job's own cron trigger.</summary>
    public TimeSpan RunOnceWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Refuses scheduler settings that cannot work, naming the setting.</summary>
internal sealed class SchedulerOptionsValidator(Hosting.HostRoles roles) : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (options.PastDueTolerance < TimeSpan.Zero)
        {
            failures.Add($"Scheduler__PastDueTolerance must not be negative (got {options.PastDueTolerance}).");
        }

        if (options.RunOnceWindow <= TimeSpan.Zero)
        {
            failures.Add($"Scheduler__RunOnceWindow must be positive (got {options.RunOnceWindow}).");
        }

        if (options.RunOnce && roles.Value != Hosting.HostRole.Scheduler)
        {
            failures.Add($"Host__RunOnce=true stops the process after the timers ran: use it with Host__Roles=scheduler alone (got '{roles}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

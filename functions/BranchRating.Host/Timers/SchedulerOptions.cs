namespace BranchRating.Host.Timers;

/// <summary>Settings of the scheduler role, bound from section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>A run starting later than its scheduled time by more than this is reported with <c>IsPastDue</c>.</summary>
    public TimeSpan PastDueTolerance { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Refuses a negative tolerance, naming the setting.</summary>
internal sealed class SchedulerOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SchedulerOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SchedulerOptions options) =>
        options.PastDueTolerance < TimeSpan.Zero
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail($"Scheduler__PastDueTolerance must not be negative (got {options.PastDueTolerance}).")
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}

namespace BranchRating.Host.Timers;

/// <summary>Settings of the scheduler role, bound from section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>A run starting later than its scheduled time by more than this is reported with <c>IsPastDue</c>.</summary>
    public TimeSpan PastDueTolerance { get; set; } = TimeSpan.FromSeconds(2);
}

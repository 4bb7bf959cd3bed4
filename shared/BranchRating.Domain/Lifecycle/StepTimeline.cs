namespace BranchRating.Domain.Lifecycle;

/// <summary>Where a step stands at an instant.</summary>
public enum StepPhase
{
    NotOpen,
    Open,

    /// <summary>Past the soft deadline, before the hard expiry: still accepted, reported as late.</summary>
    Grace,
    Expired,
}

/// <summary>
/// One step's timeline, all UTC instants: it opens at <see cref="OpensAt"/>, is due at <see cref="SoftDeadline"/> and
/// refuses input from <see cref="HardExpiry"/> (the soft deadline plus the grace window).
/// </summary>
public sealed record StepTimeline(string Kind, DateTimeOffset OpensAt, DateTimeOffset SoftDeadline, DateTimeOffset HardExpiry)
{
    public StepPhase PhaseAt(DateTimeOffset now) =>
        now < OpensAt ? StepPhase.NotOpen : now < SoftDeadline ? StepPhase.Open : now < HardExpiry ? StepPhase.Grace : StepPhase.Expired;

    /// <summary>The errors of this timeline (field, reason); empty when it is consistent.</summary>
    public IEnumerable<(string Field, string Reason)> Errors(string path)
    {
        if (SoftDeadline <= OpensAt) yield return ($"{path}.softDeadline", "The soft deadline must be after the opening instant.");
        if (HardExpiry < SoftDeadline) yield return ($"{path}.hardExpiry", "The hard expiry must not be before the soft deadline.");
    }

    /// <summary>
    /// The reminder lead times due at <paramref name="now"/> and not yet sent: a lead time L is due once
    /// <c>SoftDeadline − L ≤ now &lt; SoftDeadline</c> and the step has opened.
    /// </summary>
    public IReadOnlyList<TimeSpan> DueReminders(DateTimeOffset now, IEnumerable<TimeSpan> leadTimes, IReadOnlySet<TimeSpan> sent) =>
        PhaseAt(now) != StepPhase.Open
            ? []
            : leadTimes.Where(l => l > TimeSpan.Zero && !sent.Contains(l) && now >= SoftDeadline - l).Distinct().OrderByDescending(l => l).ToList();

    /// <summary>Moves the deadlines later by <paramref name="by"/> (extension: the grace window is kept).</summary>
    public StepTimeline Extend(DateTimeOffset newSoftDeadline) =>
        this with { SoftDeadline = newSoftDeadline, HardExpiry = newSoftDeadline + (HardExpiry - SoftDeadline) };
}

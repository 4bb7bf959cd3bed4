namespace BranchRating.Notifications.Delivery;

/// <summary>
/// Retries of a failed delivery: exponential backoff with full jitter (the delay before retry n is uniform in
/// [0, min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^(n−1))]). With the defaults, 8 attempts, the caps sum to
/// about 12 h and the expected span from the first to the last attempt is about 6 h.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included; after the last failure the delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMinutes(6);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>No retry sooner than this (a jittered delay of 0 would hammer a failing endpoint).</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(5);
}

namespace BranchRating.Notifications.Delivery;

/// <summary>Decides when a failed delivery is tried again (see <see cref="RetryOptions"/>), or that it is not.</summary>
public sealed class RetryPolicy(RetryOptions? options = null, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public RetryOptions Options { get; } = options ?? new RetryOptions();

    /// <summary>The cap of the delay before the next attempt, after <paramref name="attemptsMade"/> attempts.</summary>
    public TimeSpan Cap(int attemptsMade)
    {
        var exponent = Math.Clamp(attemptsMade - 1, 0, 30);
        var ticks = Math.Min(Options.MaxDelay.Ticks, (double)Options.BaseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay before the next attempt, or null when <paramref name="attemptsMade"/> used up the attempts.</summary>
    public TimeSpan? NextDelay(int attemptsMade)
    {
        if (attemptsMade >= Options.MaxAttempts)
        {
            return null;
        }

        var jittered = TimeSpan.FromTicks((long)(_random.NextDouble() * Cap(attemptsMade).Ticks));
        return jittered < Options.MinDelay ? Options.MinDelay : jittered;
    }

    /// <summary>The longest possible span from the first attempt to the last (the sum of the caps).</summary>
    public TimeSpan MaxSpan() => TimeSpan.FromTicks(Enumerable.Range(1, Options.MaxAttempts - 1).Sum(n => Math.Max(Cap(n).Ticks, Options.MinDelay.Ticks)));
}

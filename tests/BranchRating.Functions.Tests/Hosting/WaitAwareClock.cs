using Microsoft.Extensions.Time.Testing;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>
/// A fake clock that counts the timers created on it. Since .NET 10 a BackgroundService runs on the thread pool, so a
/// test that advances the clock right after starting the host could move time between the scheduler reading "now" and
/// registering its delay (which then waits from the new now). Tests wait for the registration before advancing.
/// </summary>
internal sealed class WaitAwareClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _created;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _created);
        return timer;
    }

    /// <summary>Advances once at least <paramref name="waits"/> delays have been registered on this clock in all.</summary>
    public async Task AdvanceAfterWaitAsync(int waits, TimeSpan delta)
    {
        await TestHosts.EventuallyAsync(() => Volatile.Read(ref _created) >= waits, TimeSpan.FromSeconds(20), $"the scheduler waits ({waits})");
        Advance(delta);
    }
}

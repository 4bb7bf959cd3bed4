using BranchRating.Notifications.Delivery;

namespace BranchRating.Notifications.Tests.Delivery;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Delays_are_jittered_below_an_exponentially_growing_cap_and_stop_after_the_last_attempt()
    {
        var policy = new RetryPolicy(new RetryOptions(), new Random(7));

        for (var attempt = 1; attempt < 8; attempt++)
        {
            var delays = Enumerable.Range(0, 200).Select(_ => policy.NextDelay(attempt)!.Value).ToList();
            Assert.All(delays, d => Assert.InRange(d, policy.Options.MinDelay, policy.Cap(attempt)));
            Assert.True(delays.Distinct().Count() > 150, "delays are jittered");
        }

        Assert.Equal(TimeSpan.FromMinutes(6), policy.Cap(1));
        Assert.Equal(TimeSpan.FromMinutes(12), policy.Cap(2));
        Assert.Equal(TimeSpan.FromHours(6), policy.Cap(7));
        Assert.Null(policy.NextDelay(8));
    }

    [Fact]
    public void The_default_schedule_spans_hours_about_six_on_average()
    {
        var policy = new RetryPolicy(new RetryOptions(), new Random(11));
        var spans = Enumerable.Range(0, 2000)
            .Select(_ => Enumerable.Range(1, 7).Sum(n => policy.NextDelay(n)!.Value.TotalHours)).ToList();

        Assert.InRange(spans.Average(), 5.0, 7.5);
        Assert.True(policy.MaxSpan() > TimeSpan.FromHours(11));
    }
}

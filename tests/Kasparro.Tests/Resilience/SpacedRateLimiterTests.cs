using Kasparro.Grains.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Resilience;

/// <summary>Rate limiter spacing, with time driven by a fake clock: no sleeps.</summary>
public sealed class SpacedRateLimiterTests
{
    [Fact]
    public async Task A_second_worth_goes_at_once_then_requests_are_spaced_by_one_over_the_rate()
    {
        var time = new FakeTimeProvider();
        var waits = new List<TimeSpan>();
        using var limiter = new SpacedRateLimiter(2, time, waits.Add);

        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        var third = limiter.AcquireAsync().AsTask();
        var fourth = limiter.AcquireAsync().AsTask();

        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await third).IsAcquired);
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await fourth).IsAcquired);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], waits);
    }

    [Fact]
    public async Task A_fractional_rate_spaces_requests_by_more_than_a_second()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(0.5, time);

        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        var next = limiter.AcquireAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True((await next).IsAcquired);
    }

    [Fact]
    public void Idle_time_refills_the_bucket_but_never_beyond_one_second_worth()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(3, time);

        Assert.True(limiter.AttemptAcquire(3).IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.AttemptAcquire(3).IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }
}

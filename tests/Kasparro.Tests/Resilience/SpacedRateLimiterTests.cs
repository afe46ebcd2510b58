using System.Threading.RateLimiting;
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

    [Fact]
    public async Task A_cancelled_wait_gives_its_turn_to_the_caller_behind_it()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(2, time);
        Assert.True(limiter.AttemptAcquire(2).IsAcquired);
        using var cancel = new CancellationTokenSource();
        var first = limiter.AcquireAsync(1, cancel.Token).AsTask();
        var second = limiter.AcquireAsync().AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        // The second waiter is served when the first would have been, and a newcomer right after it.
        var third = limiter.AcquireAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await Served(second)).IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await Served(third)).IsAcquired);
    }

    [Fact]
    public async Task A_cancelled_wait_in_the_middle_of_the_queue_moves_the_callers_after_it_up()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(1, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var cancel = new CancellationTokenSource();
        var first = limiter.AcquireAsync().AsTask();
        var second = limiter.AcquireAsync(1, cancel.Token).AsTask();
        var third = limiter.AcquireAsync().AsTask();

        time.Advance(TimeSpan.FromMilliseconds(500));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await Served(first)).IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await Served(third)).IsAcquired);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_bucket_as_if_it_had_never_asked()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(1, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var cancel = new CancellationTokenSource();
        var abandoned = limiter.AcquireAsync(1, cancel.Token).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(500));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        time.Advance(TimeSpan.FromMilliseconds(500));

        // The token that accrued meanwhile is in the bucket, not spent on the caller that left.
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task A_caller_already_cancelled_takes_nothing()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SpacedRateLimiter(1, time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(1, new CancellationToken(true)).AsTask());
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    /// <summary>A waiter due now is served in moments; one that is not fails the test instead of hanging it.</summary>
    private static Task<RateLimitLease> Served(Task<RateLimitLease> waiter) =>
        waiter.WaitAsync(TimeSpan.FromSeconds(10));
}

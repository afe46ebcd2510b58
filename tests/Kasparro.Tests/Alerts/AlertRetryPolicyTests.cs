using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Tests.Alerts;

/// <summary>Backoff doubling to its cap with full jitter, 410 and age giving up, 2xx delivered.</summary>
public sealed class AlertRetryPolicyTests
{
    private static readonly DateTime Created = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static readonly AlertOptions Options = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(5),
        MaxRetryDelay = TimeSpan.FromMinutes(10),
        MaxDeliveryAge = TimeSpan.FromHours(1),
    };

    private static DeliveryAttempt Attempt(int number, int? status) => new(number, Created, status, status is null ? "timeout" : null, 10);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(7, 320)]
    [InlineData(8, 600)]
    [InlineData(40, 600)]
    [InlineData(int.MaxValue, 600)]
    public void The_cap_doubles_from_the_first_delay_up_to_the_max(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), AlertRetryPolicy.DelayCap(attempt, Options));
    }

    [Fact]
    public void Full_jitter_spreads_delays_over_zero_to_the_cap()
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 2000).Select(_ => AlertRetryPolicy.Delay(3, Options, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(20)));
        Assert.Contains(delays, d => d < TimeSpan.FromSeconds(2));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(18));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public void A_2xx_is_delivered(int status)
    {
        Assert.Equal(DeliveryOutcome.Delivered, AlertRetryPolicy.Next(Attempt(1, status), Created, Created, Options, new Random(1)));
    }

    [Fact]
    public void Gone_fails_at_once()
    {
        Assert.Equal(DeliveryOutcome.Failed, AlertRetryPolicy.Next(Attempt(1, 410), Created, Created, Options, new Random(1)));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(null)]
    public void Anything_else_is_retried_within_the_cap(int? status)
    {
        var now = Created.AddMinutes(1);

        var outcome = AlertRetryPolicy.Next(Attempt(2, status), Created, now, Options, new Random(7));

        Assert.Equal(AlertDeliveryStates.Pending, outcome.State);
        Assert.InRange(outcome.NextDueAt!.Value, now, now.AddSeconds(10));
    }

    [Fact]
    public void A_retry_that_would_pass_the_max_age_fails_instead()
    {
        var now = Created + Options.MaxDeliveryAge - TimeSpan.FromSeconds(1);
        var alwaysMax = new MaxRandom();

        Assert.Equal(DeliveryOutcome.Failed, AlertRetryPolicy.Next(Attempt(9, 503), Created, now, Options, alwaysMax));
        Assert.Equal(DeliveryOutcome.Failed, AlertRetryPolicy.Next(Attempt(2, 503), Created, Created + Options.MaxDeliveryAge + TimeSpan.FromSeconds(1), Options, alwaysMax));
        Assert.Equal(AlertDeliveryStates.Pending, AlertRetryPolicy.Next(Attempt(1, 503), Created, Created, Options, alwaysMax).State);
    }

    /// <summary>Jitter at its top: the latest retry the policy could choose.</summary>
    private sealed class MaxRandom : Random
    {
        public override double NextDouble() => 0.999999;
    }
}

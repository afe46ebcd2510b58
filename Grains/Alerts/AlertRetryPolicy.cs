using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// What an attempt's answer means for its delivery: 2xx delivered; 410 Gone failed (the receiver
/// said never again); anything else (another status, a timeout, no connection, a refused URL) retried
/// after an exponential backoff — <c>FirstRetryDelay</c> doubling per attempt up to
/// <c>MaxRetryDelay</c>, with full jitter (a uniform delay from zero up to that cap, so silos that
/// failed together do not retry together) — unless the retry would come after the delivery's
/// creation + <c>MaxDeliveryAge</c>: then it is given up as failed.
/// </summary>
public static class AlertRetryPolicy
{
    /// <summary>The cap of the delay after attempt <paramref name="attempt"/> (1-based): first × 2^(attempt−1), at most max.</summary>
    public static TimeSpan DelayCap(int attempt, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doublings = Math.Clamp(attempt - 1, 0, 62);
        var ticks = options.FirstRetryDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The jittered delay after attempt <paramref name="attempt"/>: uniform in [0, <see cref="DelayCap"/>].</summary>
    public static TimeSpan Delay(int attempt, AlertOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return TimeSpan.FromTicks((long)(DelayCap(attempt, options).Ticks * random.NextDouble()));
    }

    /// <summary>The delivery's next state after <paramref name="attempt"/>, made at <paramref name="now"/>.</summary>
    public static DeliveryOutcome Next(DeliveryAttempt attempt, DateTime createdAt, DateTime now, AlertOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(options);
        if (attempt.StatusCode is >= 200 and < 300)
        {
            return DeliveryOutcome.Delivered;
        }

        if (attempt.StatusCode == 410)
        {
            return DeliveryOutcome.Failed;
        }

        var due = now + Delay(attempt.Number, options, random);
        return due > createdAt + options.MaxDeliveryAge ? DeliveryOutcome.Failed : DeliveryOutcome.RetryAt(due);
    }
}

using System.Threading.RateLimiting;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> (so tests can drive time): up to one second's
/// worth of requests at once, then one request every 1/rate seconds. A caller that finds the bucket
/// empty reserves the next token and waits for it, so waiters are served in arrival order and
/// nobody is rejected.
/// </summary>
public sealed class SpacedRateLimiter : RateLimiter
{
    private readonly Lock _lock = new();
    private readonly double _rate;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan>? _onWait;
    private double _tokens;
    private long _stamp;

    public SpacedRateLimiter(double permitsPerSecond, TimeProvider time, Action<TimeSpan>? onWait = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitsPerSecond);
        ArgumentNullException.ThrowIfNull(time);
        _rate = permitsPerSecond;
        _capacity = Math.Max(1, Math.Floor(permitsPerSecond));
        _time = time;
        _onWait = onWait;
        _tokens = _capacity;
        _stamp = time.GetTimestamp();
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Refill();
            if (_tokens < permitCount)
            {
                return Lease.Denied;
            }

            _tokens -= permitCount;
            return Lease.Granted;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            Refill();
            _tokens -= permitCount; // reserve, even if that goes below zero: later callers wait longer
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }

        if (wait > TimeSpan.Zero)
        {
            _onWait?.Invoke(wait);
            await Task.Delay(wait, _time, cancellationToken);
        }

        return Lease.Granted;
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Denied = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

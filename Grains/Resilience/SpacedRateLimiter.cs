using System.Threading.RateLimiting;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> (so tests can drive time): up to one second's
/// worth of requests at once, then one request every 1/rate seconds. Callers that find the bucket
/// empty queue in arrival order and nobody is rejected. A queued caller holds no token until it is
/// served: one whose wait is cancelled simply leaves the queue and those behind it move up, so a
/// cancelled wait takes nothing from the callers after it.
/// </summary>
public sealed class SpacedRateLimiter : RateLimiter
{
    /// <summary>Slack for the floating-point refill: a waiter whose due time has come is served.</summary>
    private const double Epsilon = 1e-9;

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly double _rate;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Action<TimeSpan>? _onWait;
    private double _tokens;
    private long _queuedPermits;
    private long _stamp;
    private bool _disposed;

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
        _timer = time.CreateTimer(static self => ((SpacedRateLimiter)self!).ServeQueue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Refill();
            // Never ahead of a queued caller: arrival order holds for both ways of asking.
            if (_queue.Count > 0 || _tokens < permitCount)
            {
                return Lease.Denied;
            }

            _tokens -= permitCount;
            return Lease.Granted;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount > _capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"At most {_capacity} permits can ever be available at once.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        TimeSpan wait;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refill();
            if (_queue.Count == 0 && _tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Lease.Granted;
            }

            waiter = new Waiter(this, permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
            wait = Until(_queuedPermits);
            if (_queue.Count == 1)
            {
                ScheduleHead();
            }
        }

        _onWait?.Invoke(wait);
        using var registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        return await waiter.Completion.Task;
    }

    protected override void Dispose(bool disposing)
    {
        Waiter[] left;
        lock (_lock)
        {
            _disposed = true;
            left = [.. _queue];
            _queue.Clear();
            _queuedPermits = 0;
        }

        _timer.Dispose();
        foreach (var waiter in left)
        {
            waiter.Completion.TrySetResult(Lease.Denied);
        }

        base.Dispose(disposing);
    }

    /// <summary>The timer fired: serves every waiter at the head of the queue whose tokens have come.</summary>
    private void ServeQueue()
    {
        var served = new List<Waiter>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Refill();
            while (_queue.First is { } head && _tokens + Epsilon >= head.Value.Permits)
            {
                _tokens -= head.Value.Permits;
                _queuedPermits -= head.Value.Permits;
                _queue.RemoveFirst();
                served.Add(head.Value);
            }

            ScheduleHead();
        }

        foreach (var waiter in served)
        {
            waiter.Completion.TrySetResult(Lease.Granted);
        }
    }

    /// <summary>A waiter gave up: out of the queue, holding nothing, and the next one is timed anew.</summary>
    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return; // served (or disposed) first: the lease stands
            }

            var wasHead = _queue.First == waiter.Node;
            _queue.Remove(waiter.Node);
            _queuedPermits -= waiter.Permits;
            if (wasHead)
            {
                Refill();
                ScheduleHead();
            }
        }

        waiter.Completion.TrySetCanceled(token);
    }

    /// <summary>Under the lock: arms the timer for the moment the head of the queue can be served, or stops it.</summary>
    private void ScheduleHead()
    {
        var due = _queue.First is { } head ? Until(head.Value.Permits) : Timeout.InfiniteTimeSpan;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Under the lock, right after a refill: how long until <paramref name="permits"/> tokens have accrued (rounded up).</summary>
    private TimeSpan Until(long permits) =>
        TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(Math.Max(0, permits - _tokens) / _rate * TimeSpan.TicksPerSecond)));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
    }

    private sealed class Waiter(SpacedRateLimiter owner, int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel(CancellationToken token) => owner.Cancel(this, token);
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

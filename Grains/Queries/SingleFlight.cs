namespace Kasparro.Grains.Queries;

/// <summary>
/// Shares one read among the callers that ask for the same key at the same time ("single flight"):
/// the first caller starts it, callers arriving while it runs wait for it, and none of them gets an
/// answer older than the read it waited on (it began at most one read's duration before they asked).
/// With a <c>reuse</c> window, a successful answer also serves callers for that long after the read
/// began; a failure is never reused: the next caller reads again.
/// The read runs under a token of its own: a caller that gives up stops waiting at once and the read
/// goes on for the others; when the last waiting caller gives up, the read is cancelled too.
/// </summary>
public sealed class SingleFlight<TKey, T>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Flight> _flights;
    private readonly Lock _gate = new();
    private readonly TimeSpan _reuse;
    private readonly TimeProvider _time;

    public SingleFlight(TimeSpan reuse, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _reuse = reuse;
        _time = time;
        _flights = new Dictionary<TKey, Flight>(comparer);
    }

    /// <summary>Single flight only: an answer serves the callers that waited for it, and no one after.</summary>
    public SingleFlight(IEqualityComparer<TKey>? comparer = null)
        : this(TimeSpan.Zero, TimeProvider.System, comparer)
    {
    }

    public async Task<T> RunAsync(TKey key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        cancellationToken.ThrowIfCancellationRequested();
        Flight flight;
        var start = false;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_flights.TryGetValue(key, out flight!) || !flight.Serves(now, _reuse, _time))
            {
                flight = new Flight(now);
                _flights[key] = flight;
                start = true;
            }

            flight.Waiters++;
        }

        if (start)
        {
            _ = ReadAsync(key, flight, read);
        }

        try
        {
            return await flight.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            bool abandoned;
            lock (_gate)
            {
                // The last caller gave up while the read runs: nobody wants it any more.
                abandoned = --flight.Waiters == 0 && !flight.Answer.Task.IsCompleted;
                if (abandoned)
                {
                    Forget(key, flight);
                }
            }

            if (abandoned)
            {
                // Outside the gate: the read's own continuations may run inline on this thread.
                await flight.Stop.CancelAsync();
            }
        }
    }

    private async Task ReadAsync(TKey key, Flight flight, Func<CancellationToken, Task<T>> read)
    {
        T value = default!;
        Exception? failure = null;
        try
        {
            value = await read(flight.Stop.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_gate)
        {
            if (failure is not null || _reuse <= TimeSpan.Zero)
            {
                Forget(key, flight);
            }

            if (failure is null)
            {
                flight.Answer.TrySetResult(value);
            }
            else if (failure is OperationCanceledException && flight.Stop.IsCancellationRequested)
            {
                flight.Answer.TrySetCanceled(flight.Stop.Token);
            }
            else
            {
                flight.Answer.TrySetException(failure);
            }

            // The token source is not disposed: a caller giving up at this moment may still cancel it,
            // and without a timer or a wait handle it holds nothing the collector does not free.
            Sweep();
        }
    }

    private void Forget(TKey key, Flight flight)
    {
        if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
        {
            _flights.Remove(key);
        }
    }

    /// <summary>Keys whose answer is past its window go when a read ends, so the map holds only recent keys.</summary>
    private void Sweep()
    {
        if (_reuse <= TimeSpan.Zero || _flights.Count < 64)
        {
            return;
        }

        var now = _time.GetTimestamp();
        foreach (var (key, flight) in _flights.ToArray())
        {
            if (!flight.Serves(now, _reuse, _time))
            {
                _flights.Remove(key);
            }
        }
    }

    private sealed class Flight(long startedAt)
    {
        public TaskCompletionSource<T> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Stop { get; } = new();

        public int Waiters { get; set; }

        /// <summary>Still running, or answered successfully within the reuse window (counted from when the read began).</summary>
        public bool Serves(long now, TimeSpan reuse, TimeProvider time) =>
            !Answer.Task.IsCompleted
            || (Answer.Task.IsCompletedSuccessfully && time.GetElapsedTime(startedAt, now) < reuse);
    }
}

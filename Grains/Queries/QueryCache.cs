using System.Diagnostics.CodeAnalysis;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Kasparro.Grains.Queries;

/// <summary>
/// A silo's short-lived cache of query answers over stored data (assets, history, news, data
/// summaries). An answer is reused while it is younger than <see cref="QueryOptions.CacheDuration"/> (read at every lookup, so a
/// reloaded configuration applies at once)
/// and no batch has been committed on this silo since it was read: each entry carries the change
/// token of <see cref="SourceDataSignal"/> taken before its query ran, so an answer that raced with a
/// commit is never reused. Answers are immutable values. A duration of zero turns the cache off.
/// </summary>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "It lives as long as the silo; disposed at container teardown, a query answering while the silo stops would throw. Neither the memory cache nor a timer-less token source holds anything to free.")]
public sealed class QueryCache
{
    /// <summary>Entries (each of size 1) the cache holds at most; past it, the oldest part is compacted away.</summary>
    public const int MaxEntries = 10_000;

    private readonly MemoryCache _entries;
    private readonly Func<TimeSpan> _lifetime;
    private readonly SourceDataSignal _signal;
    private CancellationTokenSource _invalidated = new();

    public QueryCache(IOptionsMonitor<QueryOptions> options, SourceDataSignal signal, TimeProvider time)
        : this(Lifetime(options), signal, time)
    {
    }

    internal QueryCache(TimeSpan lifetime, SourceDataSignal signal, TimeProvider time)
        : this(() => lifetime, signal, time)
    {
    }

    private QueryCache(Func<TimeSpan> lifetime, SourceDataSignal signal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(time);
        _lifetime = lifetime;
        _signal = signal;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new TimeProviderClock(time) });
    }

    /// <summary>Makes every cached answer stale (news items were linked to assets: no batch, same effect).</summary>
    public void Invalidate()
    {
        var previous = Interlocked.Exchange(ref _invalidated, new CancellationTokenSource());
        previous.Cancel();
    }

    public async Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(query);
        var lifetime = _lifetime();
        if (lifetime <= TimeSpan.Zero)
        {
            return await query();
        }

        // Taken before the query: a commit while it runs changes them, and its answer is not kept.
        var committed = _signal.GetChangeToken();
        var invalidated = new CancellationChangeToken(Volatile.Read(ref _invalidated).Token);
        if (_entries.TryGetValue(key, out var cached))
        {
            return (T)cached!;
        }

        var value = await query();
        if (!committed.HasChanged && !invalidated.HasChanged)
        {
            var options = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime };
            options.ExpirationTokens.Add(committed);
            options.ExpirationTokens.Add(invalidated);
            _entries.Set(key, (object?)value, options);
        }

        return value;
    }

    private static Func<TimeSpan> Lifetime(IOptionsMonitor<QueryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return () => options.CurrentValue.CacheDuration;
    }
}

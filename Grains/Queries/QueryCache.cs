using System.Collections.Concurrent;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Queries;

/// <summary>
/// A silo's short-lived cache of query answers over stored data (assets, history, news, data
/// summaries). An answer is reused while it is younger than <see cref="QueryOptions.CacheDuration"/>
/// and no batch has been committed on this silo since it was read; the version is taken before the
/// query runs, so an answer that raced with a commit is never reused. Answers are immutable values.
/// </summary>
public sealed class QueryCache
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private readonly IOptionsMonitor<QueryOptions> _options;
    private readonly TimeProvider _time;
    private long _version;

    public QueryCache(IOptionsMonitor<QueryOptions> options, KasparroMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time;
        _options = options;
        metrics.SourceDataChanged += _ => Invalidate();
    }

    /// <summary>Makes every cached answer stale (a batch was committed, a run was logged).</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    public async Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(query);
        // Read per lookup: a reloaded configuration changes the duration at once.
        var lifetimeTicks = (long)(_options.CurrentValue.CacheDuration.TotalSeconds * _time.TimestampFrequency);
        if (lifetimeTicks <= 0)
        {
            return await query();
        }

        var version = Interlocked.Read(ref _version);
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && now < entry.ExpiresAt)
        {
            return (T)entry.Value!;
        }

        var value = await query();
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(version, now + lifetimeTicks, value);
        return value;
    }

    private sealed record Entry(long Version, long ExpiresAt, object? Value);
}

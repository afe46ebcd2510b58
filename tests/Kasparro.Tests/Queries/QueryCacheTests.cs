using Kasparro.Grains.Queries;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Queries;

public sealed class QueryCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SourceDataSignal _signal = new();
    private int _queries;

    [Fact]
    public async Task An_answer_is_reused_while_it_is_younger_than_the_duration()
    {
        var cache = new QueryCache(Lifetime, _signal, _time);

        Assert.Equal(1, await cache.GetOrAddAsync("k", QueryAsync));
        _time.Advance(Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await cache.GetOrAddAsync("k", QueryAsync));
        Assert.Equal(2, await cache.GetOrAddAsync("other", QueryAsync));

        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(3, await cache.GetOrAddAsync("k", QueryAsync));
    }

    [Fact]
    public async Task A_commit_makes_every_answer_stale()
    {
        var cache = new QueryCache(Lifetime, _signal, _time);
        await cache.GetOrAddAsync("k", QueryAsync);

        _signal.Publish("csv");

        Assert.Equal(2, await cache.GetOrAddAsync("k", QueryAsync));
        Assert.Equal(2, await cache.GetOrAddAsync("k", QueryAsync));
    }

    [Fact]
    public async Task An_answer_read_while_a_batch_committed_is_never_reused()
    {
        var cache = new QueryCache(Lifetime, _signal, _time);

        var raced = await cache.GetOrAddAsync("k", () =>
        {
            _signal.Publish("csv"); // the commit lands while the query reads
            return QueryAsync();
        });

        Assert.Equal(1, raced);
        Assert.Equal(2, await cache.GetOrAddAsync("k", QueryAsync));
        Assert.Equal(2, await cache.GetOrAddAsync("k", QueryAsync));
    }

    [Fact]
    public async Task Invalidate_makes_every_answer_stale_and_an_answer_racing_it_is_not_kept()
    {
        var cache = new QueryCache(Lifetime, _signal, _time);
        await cache.GetOrAddAsync("k", QueryAsync);

        cache.Invalidate();
        var raced = await cache.GetOrAddAsync("k", () =>
        {
            cache.Invalidate();
            return QueryAsync();
        });

        Assert.Equal(2, raced);
        Assert.Equal(3, await cache.GetOrAddAsync("k", QueryAsync));
    }

    [Fact]
    public async Task A_duration_of_zero_turns_the_cache_off()
    {
        var cache = new QueryCache(TimeSpan.Zero, _signal, _time);

        Assert.Equal(1, await cache.GetOrAddAsync("k", QueryAsync));
        Assert.Equal(2, await cache.GetOrAddAsync("k", QueryAsync));
    }

    [Fact]
    public async Task Null_answers_are_cached_like_any_other()
    {
        var cache = new QueryCache(Lifetime, _signal, _time);

        Assert.Null(await cache.GetOrAddAsync<string?>("k", () => NullAsync()));
        Assert.Null(await cache.GetOrAddAsync<string?>("k", () => NullAsync()));
        Assert.Equal(1, _queries);
    }

    private Task<int> QueryAsync() => Task.FromResult(Interlocked.Increment(ref _queries));

    private Task<string?> NullAsync()
    {
        Interlocked.Increment(ref _queries);
        return Task.FromResult<string?>(null);
    }
}

using System.Collections.Concurrent;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// Failure injection at the HTTP layer, for sources read over http(s): while a run is going on, its
/// source grain registers the run's settings here, and the chaos strategies at the bottom of the
/// source's resilience pipeline (<see cref="HttpChaos"/>) fail requests with that probability. An
/// injected <c>network_error</c>, <c>rate_limit</c> (429 with Retry-After) or <c>timeout</c> is
/// therefore retried exactly like a real one. Other types, and <c>FailAtRecord</c>, strike in the
/// write path instead.
/// </summary>
public sealed class HttpFailureInjection
{
    private readonly ConcurrentDictionary<string, State> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _finished = new(StringComparer.Ordinal);

    public static bool AppliesTo(FailureInjectionSettings settings) =>
        settings is { Enabled: true, FailAtRecord: null, Probability: > 0 }
        && settings.Type is FailureType.NetworkError or FailureType.RateLimit or FailureType.Timeout;

    /// <summary>How many requests of a source were failed on purpose (for tests and diagnostics).</summary>
    public long InjectedCount(string source) => _active.TryGetValue(source, out var s) ? s.Injected : _finished.GetValueOrDefault(source);

    public IDisposable Activate(string source, FailureInjectionSettings settings)
    {
        var state = new State(settings.Normalized());
        _active[source] = state;
        return new Registration(() =>
        {
            _active.TryRemove(source, out _);
            _finished[source] = state.Injected;
        });
    }

    /// <summary>Whether failures of <paramref name="type"/> are being injected into the source's requests now.</summary>
    internal bool IsActive(string source, FailureType type) => _active.TryGetValue(source, out var s) && s.Settings.Type == type;

    /// <summary>The chance that a request of the source fails (0 when nothing is injected).</summary>
    internal double Probability(string source) => _active.TryGetValue(source, out var s) ? s.Settings.Probability : 0;

    /// <summary>
    /// The chaos strategies' randomizer: the next draw from the injection's own generator, seeded
    /// from its <c>Seed</c>, so a seeded run fails the same requests every time. 1 (never) once it ended.
    /// </summary>
    internal double NextDouble(string source) => _active.TryGetValue(source, out var s) ? s.NextDouble() : 1;

    /// <summary>Counts one injected failure and says what it was.</summary>
    internal string Injected(string source, FailureType type, Uri? uri)
    {
        if (_active.TryGetValue(source, out var s))
        {
            s.Count();
        }

        return $"Injected {FailureTypes.Name(type)} in source '{source}' on {uri}";
    }

    private sealed class State(FailureInjectionSettings settings)
    {
        private readonly Random _random = settings.Seed is { } seed ? new Random(seed) : new Random();
        private long _injected;

        public FailureInjectionSettings Settings { get; } = settings;

        public long Injected => Interlocked.Read(ref _injected);

        public double NextDouble()
        {
            lock (_random)
            {
                return _random.NextDouble();
            }
        }

        public void Count() => Interlocked.Increment(ref _injected);
    }

    private sealed class Registration(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

using System.Collections.Concurrent;
using System.Net;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// Failure injection at the HTTP layer, for sources read over http(s): while a run is going on, its
/// source grain registers the run's settings here, and <see cref="Handler"/> (inside the resilience
/// pipeline) fails requests with that probability. An injected <c>network_error</c>,
/// <c>rate_limit</c> (429 with Retry-After) or <c>timeout</c> is therefore retried exactly like a
/// real one. Other types, and <c>FailAtRecord</c>, strike in the write path instead.
/// </summary>
public sealed class HttpFailureInjection
{
    private readonly ConcurrentDictionary<string, State> _active = new(StringComparer.Ordinal);

    public static bool AppliesTo(FailureInjectionSettings settings) =>
        settings is { Enabled: true, FailAtRecord: null, Probability: > 0 }
        && settings.Type is FailureType.NetworkError or FailureType.RateLimit or FailureType.Timeout;

    /// <summary>How many requests of a source were failed on purpose (for tests and diagnostics).</summary>
    public long InjectedCount(string source) => _active.TryGetValue(source, out var s) ? s.Injected : _finished.GetValueOrDefault(source);

    private readonly ConcurrentDictionary<string, long> _finished = new(StringComparer.Ordinal);

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

    private Task<HttpResponseMessage>? Inject(string source, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_active.TryGetValue(source, out var state) || !state.ShouldFail())
        {
            return null;
        }

        var message = $"Injected {FailureTypes.Name(state.Settings.Type)} in source '{source}' on {request.RequestUri}";
        switch (state.Settings.Type)
        {
            case FailureType.RateLimit:
                var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request, ReasonPhrase = message };
                limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return Task.FromResult(limited);
            case FailureType.Timeout:
                // Hang until the attempt timeout cancels us, as a stalled server would.
                return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<HttpResponseMessage>(
                    _ => throw new TaskCanceledException(message), TaskScheduler.Default);
            default:
                var exception = new HttpRequestException(HttpRequestError.ConnectionError, message);
                exception.Data[InjectedFailures.DataKey] = FailureTypes.Name(state.Settings.Type);
                return Task.FromException<HttpResponseMessage>(exception);
        }
    }

    /// <summary>The handler that sits under the resilience pipeline of a source's HttpClient.</summary>
    public sealed class Handler(HttpFailureInjection injection, string source) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            injection.Inject(source, request, cancellationToken) ?? base.SendAsync(request, cancellationToken);
    }

    private sealed class State(FailureInjectionSettings settings)
    {
        private readonly Random _random = settings.Seed is { } seed ? new Random(seed) : new Random();
        private long _injected;

        public FailureInjectionSettings Settings { get; } = settings;

        public long Injected => Interlocked.Read(ref _injected);

        public bool ShouldFail()
        {
            lock (_random)
            {
                if (_random.NextDouble() >= Settings.Probability)
                {
                    return false;
                }
            }

            Interlocked.Increment(ref _injected);
            return true;
        }
    }

    private sealed class Registration(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

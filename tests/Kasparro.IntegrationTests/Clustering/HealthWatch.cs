using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>Asks a host's <c>/health</c> every quarter second and keeps every answer: its status word and its problems.</summary>
public sealed class HealthWatch : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock;

    public HealthWatch(Uri baseAddress, Stopwatch clock)
    {
        _clock = clock;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _loop = Task.Run(LoopAsync);
    }

    public ConcurrentQueue<Sample> Samples { get; } = new();

    /// <summary>The latest sample taken at or after <paramref name="since"/>, if any.</summary>
    public Sample? LatestSince(TimeSpan since) => Samples.LastOrDefault(s => s.At >= since);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.Elapsed;
            try
            {
                using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), _stop.Token);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token));
                var problems = doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString() ?? "").ToArray();
                Samples.Enqueue(new Sample(started, (int)response.StatusCode, doc.RootElement.GetProperty("status").GetString() ?? "", problems));
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                Samples.Enqueue(new Sample(started, 0, "no answer", [ex.Message]));
            }
        }
    }

    /// <summary>One answer of /health: when it was asked (test clock), its HTTP status, status word and problems.</summary>
    public sealed record Sample(TimeSpan At, int Http, string Status, IReadOnlyList<string> Problems)
    {
        public override string ToString() => $"{At.TotalSeconds:0.00} s: {Http} {Status} [{string.Join("; ", Problems)}]";
    }
}

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

    private readonly List<Sample> _samples = [];

    /// <summary>Every answer so far, by the time its probe started.</summary>
    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The latest sample taken at or after <paramref name="since"/>, if any.</summary>
    public Sample? LatestSince(TimeSpan since) => Samples.LastOrDefault(s => s.At >= since);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Starts a probe every 250 ms without waiting for the one before (at most eight at once): while
    /// a silo dies one answer may take seconds, and the window being watched may be shorter than that.
    /// </summary>
    private async Task LoopAsync()
    {
        var running = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count < 8)
            {
                running.Add(ProbeAsync());
            }

            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(running);
    }

    private async Task ProbeAsync()
    {
        var started = _clock.Elapsed;
        try
        {
            using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), _stop.Token);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token));
            var problems = doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString() ?? "").ToArray();
            Add(new Sample(started, (int)response.StatusCode, doc.RootElement.GetProperty("status").GetString() ?? "", problems));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            Add(new Sample(started, 0, "no answer", [ex.Message]));
        }
    }

    /// <summary>Samples are kept in the order their probes started, whatever order they answer in.</summary>
    private void Add(Sample sample)
    {
        lock (_samples)
        {
            var at = _samples.FindLastIndex(s => s.At <= sample.At) + 1;
            _samples.Insert(at, sample);
        }
    }

    public sealed record Sample(TimeSpan At, int Http, string Status, IReadOnlyList<string> Problems)
    {
        public override string ToString() => $"{At.TotalSeconds:0.00} s: {Http} {Status} [{string.Join("; ", Problems)}]";
    }
}

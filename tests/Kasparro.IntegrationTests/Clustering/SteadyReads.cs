using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// A steady stream of reads against a gateway: one loop per path, each sending its next request as
/// soon as the last one answered, recording every answer (status, latency, and the body of any 5xx).
/// </summary>
public sealed class SteadyReads : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops;
    private readonly Stopwatch _clock;

    public SteadyReads(Uri baseAddress, Stopwatch clock, params string[] paths)
    {
        _clock = clock;
        // Longer than any budget the gateway is given: a request the gateway gave up on shows as its 5xx, not as ours.
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _loops = paths.Select(path => Task.Run(() => LoopAsync(path))).ToList();
    }

    public ConcurrentQueue<Answer> Answers { get; } = new();

    /// <summary>Answers to <paramref name="path"/> seen after <paramref name="since"/> (test clock) that succeeded.</summary>
    public int SuccessesSince(string path, TimeSpan since) =>
        Answers.Count(a => a.Path == path && a.At >= since && a.Status == HttpStatusCode.OK);

    public IReadOnlyList<Answer> Failures => Answers.Where(a => (int)a.Status >= 500 || a.Status == 0).ToList();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.Elapsed;
            try
            {
                using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), _stop.Token);
                var body = (int)response.StatusCode >= 500 ? await response.Content.ReadAsStringAsync(_stop.Token) : "";
                Answers.Enqueue(new Answer(path, started, _clock.Elapsed - started, response.StatusCode, body));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Answers.Enqueue(new Answer(path, started, _clock.Elapsed - started, 0, ex.Message));
            }
        }
    }

    /// <summary>One answer: when the request started (test clock), how long it took, its status (0: no answer at all).</summary>
    public sealed record Answer(string Path, TimeSpan At, TimeSpan Took, HttpStatusCode Status, string Body)
    {
        public override string ToString() =>
            $"{Path} at {At.TotalSeconds:0.00} s: {(int)Status} after {Took.TotalMilliseconds:0} ms {Body[..Math.Min(Body.Length, 300)]}";
    }
}

using System.Diagnostics;
using System.Net;

namespace Kasparro.LoadBench;

/// <summary>
/// Drives one URL with N concurrent loops for a fixed time over keep-alive connections and reports
/// requests per second and latency percentiles. Bounded in time, loopback only.
/// </summary>
internal static class Load
{
    public sealed record Result(string Name, long Requests, long Failures, double Seconds, double P50Ms, double P99Ms, double MaxMs)
    {
        /// <summary>Where the CPU went during the measurement (see <see cref="CpuSplit"/>); empty when unknown.</summary>
        public string Cpu { get; init; } = "";

        public double PerSecond => Requests / Seconds;

        public override string ToString() =>
            $"{Name,-44} {PerSecond,9:N0} req/s   p50 {P50Ms,7:N2} ms   p99 {P99Ms,7:N2} ms   max {MaxMs,7:N1} ms   {Requests,8:N0} requests, {Failures} failed"
            + (Cpu.Length == 0 ? "" : Environment.NewLine + Cpu);
    }

    public static HttpClient Client(Uri baseUri, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public static Task<Result> RunAsync(HttpClient http, string name, string path, int concurrency, TimeSpan duration, TimeSpan warmup, CpuSplit? cpu = null)
    {
        var uri = new Uri(path, UriKind.Relative);
        return RunAsync(http, name, _ => uri, concurrency, duration, warmup, cpu);
    }

    /// <summary>As above, each request's path drawn by <paramref name="next"/> (one seeded generator per loop).</summary>
    public static async Task<Result> RunAsync(HttpClient http, string name, Func<Random, Uri> next, int concurrency, TimeSpan duration, TimeSpan warmup, CpuSplit? cpu = null)
    {
        await LoopAllAsync(http, next, concurrency, warmup, record: false);
        var before = cpu?.Take();
        var watch = Stopwatch.StartNew();
        var (latencies, failures) = await LoopAllAsync(http, next, concurrency, duration, record: true);
        var seconds = watch.Elapsed.TotalSeconds;
        var after = cpu?.Take();
        latencies.Sort();
        return new Result(name, latencies.Count, failures, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? 0 : latencies[^1])
        {
            Cpu = CpuSplit.Describe(before, after, latencies.Count, seconds),
        };
    }

    private static async Task<(List<double> Latencies, long Failures)> LoopAllAsync(HttpClient http, Func<Random, Uri> next, int concurrency, TimeSpan duration, bool record)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => LoopAsync(http, next, new Random(i), deadline, record))).ToArray();
        var results = await Task.WhenAll(loops);
        return (results.SelectMany(r => r.Latencies).ToList(), results.Sum(r => r.Failures));
    }

    private static async Task<(List<double> Latencies, long Failures)> LoopAsync(HttpClient http, Func<Random, Uri> next, Random random, long deadline, bool record)
    {
        var latencies = new List<double>(record ? 100_000 : 0);
        var buffer = new byte[64 * 1024];
        long failures = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var uri = next(random);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                while (await body.ReadAsync(buffer) > 0)
                {
                }

                if (!response.IsSuccessStatusCode)
                {
                    failures++;
                }
            }
            catch (HttpRequestException)
            {
                failures++;
            }

            if (record)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (latencies, failures);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

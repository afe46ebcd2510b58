using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kasparro.LoadBench;

/// <summary>
/// Small runs end to end through the gateway (tests/runbench.sh): before each run, <c>rows</c> new
/// quotes (one per asset, a newer observation time) are appended to the source's CSV file, so every
/// run reads exactly those rows; then POST /sources/{id}/runs, and GET /runs polled (every
/// <c>poll</c> ms) until that run is no longer running. Prints trigger → success visible in /runs
/// (median, min, max over the warm runs; the first run after start apart: it pays for activations,
/// JIT and connection opens), and the server's own breakdown by phase, read from the gateway's
/// log (event 2190, see Grains/Runs/RunPhases.cs).
/// </summary>
internal static partial class RunBench
{
    public static async Task<int> RunAsync(HttpClient http, string source, string key, string csv, int rows, int runs, int pollMs, string? log)
    {
        var client = new List<double>();
        var triggers = new List<double>();
        var server = new List<double>();
        var ids = new List<string>();
        var next = FirstTime(csv);
        for (var i = 0; i <= runs; i++)
        {
            next = next.AddMinutes(1);
            Append(csv, rows, next);
            var watch = Stopwatch.StartNew();
            using var start = new HttpRequestMessage(HttpMethod.Post, new Uri($"/sources/{source}/runs", UriKind.Relative));
            start.Headers.Add("X-API-Key", key);
            using var response = await http.SendAsync(start);
            response.EnsureSuccessStatusCode();
            var triggered = watch.Elapsed.TotalMilliseconds;
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
            JsonElement run;
            while (true)
            {
                var page = await http.GetFromJsonAsync<JsonElement>($"/runs?source={source}&per_page=1");
                run = page.GetProperty("runs")[0];
                if (run.GetProperty("run_id").GetString() == runId && run.GetProperty("status").GetString() != "running")
                {
                    break;
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"run {runId} did not finish in 60 s");
                }

                await Task.Delay(pollMs);
            }

            var total = watch.Elapsed.TotalMilliseconds;
            var status = run.GetProperty("status").GetString();
            var read = run.GetProperty("records_processed").GetInt64();
            if (status != "success" || read != rows)
            {
                Console.WriteLine($"run {runId}: {status}, {read} records read (expected success, {rows}): {run}");
                return 1;
            }

            var duration = run.GetProperty("duration_seconds").GetDouble() * 1000;
            Console.WriteLine($"run {i,3}{(i == 0 ? " (first after start)" : ""),-21} trigger answered {triggered,7:F1} ms, success visible {total,7:F1} ms, started → completed {duration,7:F1} ms");
            if (i > 0)
            {
                client.Add(total);
                triggers.Add(triggered);
                server.Add(duration);
                ids.Add(runId);
            }
            else
            {
                ids.Add(runId);
            }

            // Runs one after another, as a schedule makes them, not back to back on the run's own tail.
            await Task.Delay(200);
        }

        Console.WriteLine();
        Console.WriteLine($"{runs} warm runs of {rows:N0} rows (poll every {pollMs} ms):");
        Console.WriteLine($"  trigger → success visible in /runs:  {Stats(client)}   (target ≤ 100 ms on a quiet machine)");
        Console.WriteLine($"  trigger answered (POST):              {Stats(triggers)}");
        Console.WriteLine($"  started_at → completed_at (run log):  {Stats(server)}");
        if (log is not null)
        {
            PrintPhases(log, ids[0], ids.Skip(1).ToHashSet(StringComparer.Ordinal));
        }

        return 0;
    }

    /// <summary>The phases the server logged for the runs (event 2190): the first run's, then the warm runs' medians.</summary>
    private static void PrintPhases(string log, string first, HashSet<string> warm)
    {
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        string? firstLine = null;
        foreach (var line in File.ReadLines(log))
        {
            var match = TimingsLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["run"].Value;
            if (id == first)
            {
                firstLine = match.Groups["phases"].Value;
            }

            if (!warm.Contains(id))
            {
                continue;
            }

            foreach (var part in match.Groups["phases"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var (name, value) = (part[..part.IndexOf('=')], double.Parse(part[(part.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
                if (!phases.TryGetValue(name, out var values))
                {
                    phases[name] = values = [];
                    order.Add(name);
                }

                values.Add(value);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"server phases, ms (gateway log, event 2190; {warm.Count} warm runs; 'visible' and 'done' are moments since the trigger reached the grain):");
        foreach (var name in order)
        {
            Console.WriteLine($"  {name,-12} {Stats(phases[name])}");
        }

        Console.WriteLine($"  first run after start: {firstLine ?? "(not logged)"}");
    }

    private static string Stats(List<double> values)
    {
        if (values.Count == 0)
        {
            return "n/a";
        }

        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return $"median {median,7:F1}   min {sorted[0],7:F1}   max {sorted[^1],7:F1}";
    }

    /// <summary>The newest observation time in the file (the generator writes 2024-01-01T00:00:00Z).</summary>
    private static DateTime FirstTime(string csv) =>
        File.ReadLines(csv).Skip(1).Select(l => DateTime.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)).DefaultIfEmpty(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Max();

    /// <summary>Appends one quote per asset observed at <paramref name="at"/>: the next run reads exactly these rows.</summary>
    private static void Append(string csv, int rows, DateTime at)
    {
        var text = new StringBuilder();
        var stamp = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var shift = at.Minute % 7;
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"coin-{i},B{i % 500},Coin {i},{1 + ((i + shift) % 997) / 10m},{(i * 7919L) % 1_000_003 * 1000},{i},{i % 21 - 10},{stamp}\n");
        }

        File.AppendAllText(csv, text.ToString());
    }

    [GeneratedRegex(@"run (?<run>[0-9a-f-]{36}) timings \(ms\): (?<phases>.*)$")]
    private static partial Regex TimingsLine();
}

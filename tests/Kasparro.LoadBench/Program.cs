using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Kasparro.LoadBench;
using Npgsql;

// Load benchmark of the gateway (run it with tests/loadbench.sh, which starts PostgreSQL and the gateway).
//   generate FILE ASSETS        writes a market CSV of ASSETS assets (one row each)
//   sql CONNECTION STATEMENT    runs one statement (the script's database set-up, without psql)
//   run --url U --db CS --key K [--concurrency 64] [--seconds 10] [--source bench]
//       [--phase NAME] [--results FILE] [--data-only]   the lines of this phase, also appended to FILE as
//       phase<TAB>name<TAB>req/s<TAB>p50<TAB>p99 (the script prints two phases side by side); --data-only: /data alone
//   runs --url U --key K --csv FILE [--rows 1000] [--runs 20] [--poll 10] [--log GATEWAYLOG]   small runs (runbench.sh)
if (args.Length >= 3 && args[0] == "generate")
{
    var assets = int.Parse(args[2], CultureInfo.InvariantCulture);
    var csv = new StringBuilder("id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n");
    for (var i = 0; i < assets; i++)
    {
        csv.Append(CultureInfo.InvariantCulture, $"coin-{i},B{i % 500},Coin {i},{1 + (i % 997) / 10m},{(i * 7919L) % 1_000_003 * 1000},{i},{i % 21 - 10},2024-01-01T00:00:00Z\n");
    }

    await File.WriteAllTextAsync(args[1], csv.ToString());
    Console.WriteLine($"wrote {assets:N0} assets to {args[1]}");
    return 0;
}

if (args.Length >= 3 && args[0] == "sql")
{
    await using var connection = new NpgsqlConnection(args[1]);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(args[2], connection);
    await command.ExecuteNonQueryAsync();
    return 0;
}

if (args.Length >= 1 && args[0] == "runs")
{
    // Small runs end to end (tests/runbench.sh): see RunBench.cs.
    using var client = Load.Client(new Uri(Arg("--url", "http://127.0.0.1:18190")), 2);
    return await RunBench.RunAsync(
        client, Arg("--source", "bench"), Arg("--key", ""), Arg("--csv", ""), int.Parse(Arg("--rows", "1000"), CultureInfo.InvariantCulture),
        int.Parse(Arg("--runs", "20"), CultureInfo.InvariantCulture), int.Parse(Arg("--poll", "10"), CultureInfo.InvariantCulture),
        Arg("--log", "") is { Length: > 0 } log ? log : null);
}

var url = new Uri(Arg("--url", "http://127.0.0.1:18090"));
var db = Arg("--db", "");
var key = Arg("--key", "");
var source = Arg("--source", "bench");
var concurrency = int.Parse(Arg("--concurrency", "64"), CultureInfo.InvariantCulture);
var seconds = double.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(seconds);
var warmup = TimeSpan.FromSeconds(Math.Min(3, seconds / 3));
var phase = Arg("--phase", "");
var results = Arg("--results", "");
var dataOnly = Array.IndexOf(args, "--data-only") >= 0;
var cpu = new CpuSplit(
    int.TryParse(Arg("--gateway-pid", ""), CultureInfo.InvariantCulture, out var gatewayPid) ? gatewayPid : null,
    await PostmasterOfAsync(db));
using var http = Load.Client(url, concurrency);

// Ingest the assets through the API: one run of the bench source.
using (var start = new HttpRequestMessage(HttpMethod.Post, new Uri($"/sources/{source}/runs", UriKind.Relative)))
{
    start.Headers.Add("X-API-Key", key);
    (await http.SendAsync(start)).EnsureSuccessStatusCode();
}

for (var i = 0; ; i++)
{
    var runs = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/runs?source={source}&per_page=1");
    var status = runs.GetProperty("runs")[0].GetProperty("status").GetString();
    if (status != "running")
    {
        Console.WriteLine($"ingested: run {status}, {runs.GetProperty("runs")[0].GetProperty("records_processed").GetInt64():N0} records");
        break;
    }

    if (i > 600)
    {
        throw new TimeoutException("the ingestion run did not finish in 60 s");
    }

    await Task.Delay(100);
}

var total = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/data?per_page=1")).GetProperty("pagination").GetProperty("total_items").GetInt64();
Console.WriteLine($"assets stored: {total:N0}; {concurrency} concurrent connections, {seconds:0} s per endpoint (after {warmup.TotalSeconds:0} s warm-up)");
Console.WriteLine();

// The last page of 5,000 assets two ways: by OFFSET (walks the 4,950 rows before it) and by the cursor of the page before it.
var deep = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/data?per_page=50&page=99")).GetProperty("pagination");
var deepCursor = deep.TryGetProperty("next_cursor", out var nextCursor) ? nextCursor.GetString() : null;
var endpoints = new (string Name, string Path)[]
{
    ("GET /data?per_page=50", "/data?per_page=50"),
    ("GET /data?per_page=50&page=20", "/data?per_page=50&page=20"),
    ("GET /data?per_page=50&page=100", "/data?per_page=50&page=100"),
    ("GET /data (source + price range)", $"/data?per_page=50&source={source}&min_price=10&max_price=50"),
    ("GET /data (symbol)", "/data?per_page=50&symbol=b42"),
    ("GET /stats", "/stats"),
    ("GET /runs", "/runs"),
};
if (deepCursor is not null)
{
    endpoints = [.. endpoints.Take(3), ("GET /data?per_page=50&cursor= (page 100)", $"/data?per_page=50&cursor={deepCursor}"), .. endpoints.Skip(3)];
}

foreach (var (name, path) in endpoints.Where(e => !dataOnly || e.Path.StartsWith("/data", StringComparison.Ordinal)))
{
    await ReportAsync(await Load.RunAsync(http, name, path, concurrency, duration, warmup, cpu));
}

// What a client does: pages 1 to 100 of 50, with and without filters (see DataMix).
await ReportAsync(await Load.RunAsync(http, "GET /data mix (pages 1-100, filters)", r => DataMix(r, source), concurrency, duration, warmup, cpu));
await ReportAsync(await Load.RunAsync(http, "GET /data mix, 1 connection", r => DataMix(r, source), 1, duration, warmup, cpu));
if (dataOnly)
{
    return 0;
}

// The run log at 10 and at 100,000 runs: /stats, /health and /metrics must not care.
foreach (var runs in new[] { 10, 100_000 })
{
    var inserted = await FillRunLogAsync(db, source, runs);
    Console.WriteLine();
    Console.WriteLine($"run log: {runs:N0} runs of '{source}' ({inserted:N0} inserted by SQL)");
    foreach (var (name, path) in new[] { ("GET /stats", "/stats"), ("GET /health", "/health"), ("GET /metrics", "/metrics"), ("GET /runs?source=" + source, $"/runs?source={source}") })
    {
        await ReportAsync(await Load.RunAsync(http, $"{name} ({runs:N0} runs)", path, concurrency, duration / 2, warmup / 2, cpu));
    }
}

return 0;

async Task ReportAsync(Load.Result result)
{
    Console.WriteLine(result);
    if (results.Length > 0)
    {
        await File.AppendAllTextAsync(results, string.Create(CultureInfo.InvariantCulture,
            $"{phase}\t{result.Name}\t{result.PerSecond:F0}\t{result.P50Ms:F2}\t{result.P99Ms:F2}\n"));
    }
}

// A page from 1 to 100 of 50 (the whole of 5,000 assets); 40% unfiltered, 20% one source, 15% one symbol
// (of the generator's 500), 15% a price range, 10% a source and a price range.
static Uri DataMix(Random random, string source)
{
    var page = random.Next(1, 101);
    var min = random.Next(1, 90);
    var filter = random.Next(100) switch
    {
        < 40 => "",
        < 60 => $"&source={source}",
        < 75 => $"&symbol=b{random.Next(500)}",
        < 90 => $"&min_price={min}&max_price={min + random.Next(5, 40)}",
        _ => $"&source={source}&min_price={min}&max_price={min + random.Next(5, 40)}",
    };
    return new Uri(string.Create(CultureInfo.InvariantCulture, $"/data?per_page=50&page={page}{filter}"), UriKind.Relative);
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// The PostgreSQL server's postmaster: the parent of this connection's backend (null when not on this machine).
static async Task<int?> PostmasterOfAsync(string connectionString)
{
    if (connectionString.Length == 0 || !OperatingSystem.IsLinux())
    {
        return null;
    }

    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
    return CpuSplit.ParentOf((int)(await command.ExecuteScalarAsync())!);
}

// Adds finished runs (through the run_summary trigger, as the application's own writes go) until the log holds `runs`.
static async Task<long> FillRunLogAsync(string connectionString, string source, int runs)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var count = new NpgsqlCommand("SELECT count(*) FROM run_log", connection);
    var have = (long)(await count.ExecuteScalarAsync())!;
    var missing = Math.Max(0, runs - have);
    await using var insert = new NpgsqlCommand("""
        INSERT INTO run_log (run_id, source, status, trigger, started_at, completed_at, records_read, records_written, records_rejected, duration_ms, checkpoint_before)
        SELECT gen_random_uuid(), @source, CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'success' END, 'schedule',
               now() - interval '1 minute' * g - interval '1 day', now() - interval '1 minute' * g - interval '1 day' + interval '2 seconds',
               100, 99, 1, 2000, '{}'::jsonb
        FROM generate_series(1, @n) AS g
        """, connection);
    insert.Parameters.AddWithValue("source", source);
    insert.Parameters.AddWithValue("n", (int)missing);
    insert.CommandTimeout = 600;
    await insert.ExecuteNonQueryAsync();
    // Fresh statistics, as autovacuum would soon gather them; nothing is vacuumed or cached on purpose.
    await using var analyze = new NpgsqlCommand("ANALYZE run_log, run_summary", connection);
    analyze.CommandTimeout = 600;
    await analyze.ExecuteNonQueryAsync();
    return missing;
}

using System.Diagnostics;
using System.Globalization;
using Kasparro.Benchmarks;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// Ingestion benchmark: N CSV rows through the source grain into PostgreSQL, against plain COPY of the
// same file. Run it with tests/bench.sh (which starts PostgreSQL); it prints its figures.
var rows = Arg("--rows", 1_000_000);
// --default-settings: the source sets no BatchSize and gets what any new CSV source gets.
var defaults = args.Contains("--default-settings");
var batchSize = defaults ? Kasparro.Grains.Sources.DefaultSources.CsvBatchSize : Arg("--batch-size", 50_000);
var assets = Arg("--assets", 10_000);
var server = Environment.GetEnvironmentVariable("KASPARRO_TEST_PG")
    ?? throw new InvalidOperationException("Set KASPARRO_TEST_PG to a PostgreSQL connection string (tests/bench.sh does).");

var work = Directory.CreateTempSubdirectory("kasparro-bench").FullName;
var csv = Path.Combine(work, "bench.csv");
// The figures depend a lot on what else the machine is doing: say how busy it was.
Console.WriteLine($"load average before:  {LoadAverage()}");
Console.WriteLine($"generating {rows:N0} rows ({assets:N0} assets) ...");
BenchmarkCsv.Write(csv, rows, assets);
Console.WriteLine($"file: {new FileInfo(csv).Length / 1024.0 / 1024.0:F1} MiB, batch size {batchSize:N0}{(defaults ? " (the default of a CSV source that sets none)" : "")}");

if (args.Contains("--parse-only"))
{
    await ParseOnly.RunAsync(csv, batchSize);
    return 0;
}

// The yardstick first, on a quiet server, and its database dropped before the pipeline starts:
// neither run then shares the machine with the other's aftermath (autovacuum of a freshly loaded
// table, a checkpoint of its WAL).
var postmaster = await PostmasterAsync(server);
var copyDb = await CreateDatabaseAsync(server, "kasparro_bench_copy");
await CheckpointAsync(server);
var copyCpuBefore = CpuTime.Now(postmaster);
var copy = await PlainCopy.LoadAsync(copyDb, csv);
var copyCpu = CpuTime.Now(postmaster) - copyCpuBefore;
NpgsqlConnection.ClearAllPools();
await DropDatabaseAsync(server, copyDb);

var pipelineDb = await CreateDatabaseAsync(server, "kasparro_bench_pipeline");
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kasparro:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Kasparro"] = pipelineDb,
        ["Kasparro:Cluster:ClusterId"] = "bench",
        ["Kasparro:Cluster:SiloPort"] = "21111",
        ["Kasparro:Cluster:GatewayPort"] = "21112",
        // One process on this machine: loopback explicitly, whatever this machine's interfaces are.
        ["Kasparro:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Kasparro:Sources:csv:Enabled"] = "false",
        ["Kasparro:Sources:coingecko:Enabled"] = "false",
        ["Kasparro:Sources:rss:Enabled"] = "false",
        ["Kasparro:Sources:bench:Kind"] = "Csv",
        ["Kasparro:Sources:bench:Url"] = csv,
        ["Kasparro:Sources:bench:BatchSize"] = defaults ? null : batchSize.ToString(CultureInfo.InvariantCulture),
        ["Kasparro:Sources:bench:Interval"] = "1.00:00:00",
        // The benchmark starts the one run it times.
        ["Kasparro:Runs:FirstRunAtStart"] = "false",
    });
    builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
    if (args.Contains("--trace"))
    {
        builder.Logging.AddFilter("Kasparro.Grains.Sources.SourceGrain", LogLevel.Debug);
    }

    builder.UseOrleans(silo => silo.AddKasparro());
    using var host = builder.Build();
    await host.StartAsync();

    await CheckpointAsync(server);

    // Measure the silo from here on: forget the generator's peak.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    ResetPeakResident();
    var idleMb = ResidentMegabytes("VmRSS:");
    var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>("bench");
    long maxHeap = 0, maxCommitted = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
            maxCommitted = Math.Max(maxCommitted, GC.GetGCMemoryInfo().TotalCommittedBytes);
            await Task.Delay(20);
        }
    });
    var cpuBefore = CpuTime.Now(postmaster);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var pausedBefore = GC.GetTotalPauseDuration();
    var watch = Stopwatch.StartNew();
    var run = await grain.TriggerRun();
    while (run.Status == RunStatus.Running)
    {
        await Task.Delay(100);
        run = (await grain.GetRun(run.RunId))!;
    }

    var pipeline = watch.Elapsed;
    var pipelineCpu = CpuTime.Now(postmaster) - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
    var paused = GC.GetTotalPauseDuration() - pausedBefore;
    await sampling.CancelAsync();
    await sampler;
    var counts = await host.Services.GetRequiredService<IIngestionStore>().CountAsync("bench", CancellationToken.None);
    var peakMb = PeakResidentMegabytes();
    await host.StopAsync();
    if (run.Status != RunStatus.Success || counts.Quotes != rows)
    {
        Console.WriteLine($"pipeline run {run.Status}: {run.ErrorType} {run.ErrorMessage}; {counts}");
        return 1;
    }

    var parse = await ParseOnly.RunAsync(csv, batchSize);
    var pipelineRate = rows / pipeline.TotalSeconds;
    var copyRate = rows / copy.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"rows:                {rows:N0} ({counts.Assets:N0} assets, {counts.Quotes:N0} history rows), batch size {batchSize:N0}{(defaults ? " (default settings)" : "")}");
    Console.WriteLine($"source grain -> pg:  {pipeline.TotalSeconds,8:F2} s  {pipelineRate,12:N0} rows/s");
    Console.WriteLine($"plain COPY csv:      {copy.TotalSeconds,8:F2} s  {copyRate,12:N0} rows/s");
    Console.WriteLine($"parse only (no db):  {parse.TotalSeconds,8:F2} s  {rows / parse.TotalSeconds,12:N0} rows/s");
    Console.WriteLine($"cpu, grain -> pg:    {pipelineCpu.Silo,8:F2} s silo + {pipelineCpu.Postgres:F2} s postgres");
    Console.WriteLine($"cpu, plain COPY:     {copyCpu.Silo,8:F2} s client + {copyCpu.Postgres:F2} s postgres");
    Console.WriteLine($"ratio (grain/COPY):  {pipelineRate / copyRate,8:F2}   (target >= 0.50)");
    Console.WriteLine($"allocated:           {allocated / 1048576.0,8:F0} MB in the run ({allocated / (double)rows:F0} bytes per row); garbage collections {collections.Item1}/{collections.Item2}/{collections.Item3} (gen 0/1/2), paused {paused.TotalSeconds:F2} s");
    Console.WriteLine($"managed heap:        {maxHeap / 1048576.0,8:F0} MB at most in use, {maxCommitted / 1048576.0:F0} MB committed by the GC");
    Console.WriteLine($"load average after:  {LoadAverage()}");
    Console.WriteLine($"silo peak memory:    {peakMb,8:F0} MB (peak resident set during the run; {idleMb:F0} MB before it; target <= 300 MB)");
    return 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await DropDatabaseAsync(server, pipelineDb);
    Directory.Delete(work, recursive: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)";
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static void ResetPeakResident()
{
    // Writing 5 to clear_refs resets VmHWM to the current resident size (Linux 4.0+).
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
        Console.WriteLine("(could not reset the peak memory counter; the figure includes set-up)");
    }
}

static double PeakResidentMegabytes() => ResidentMegabytes("VmHWM:");

static double ResidentMegabytes(string field)
{
    // VmHWM: the peak resident set of this process (the silo runs in it), as the kernel counted it.
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
    return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

static async Task<int> PostmasterAsync(string server)
{
    // The server's own processes are counted for its CPU time; 0 (every process named postgres) when it is not on this machine.
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    try
    {
        return CpuTime.Postmaster(connection.ProcessID);
    }
    catch (IOException)
    {
        return 0;
    }
}

static async Task CheckpointAsync(string server)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
    await checkpoint.ExecuteNonQueryAsync();
}

static async Task<string> CreateDatabaseAsync(string server, string name)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
    {
        await drop.ExecuteNonQueryAsync();
    }

    await using (var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection))
    {
        await create.ExecuteNonQueryAsync();
    }

    return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}

static async Task DropDatabaseAsync(string server, string connectionString)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}

using System.Globalization;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// The deterministic fuzz sweep: mutated copies of a valid CSV (see <see cref="FuzzCsv"/>), each run
/// to its end through a source grain on both stores. Whatever the bytes, a source never wedges.
/// KASPARRO_FUZZ_FILES raises the number of files (default 200), KASPARRO_FUZZ_SEED replays a sweep.
/// </summary>
public sealed class FuzzSweepTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const int DefaultFiles = 200;
    private const int DefaultSeed = 20_261_201;
    private const int BatchSize = 7;
    private const int Parallel = 12;

    [Fact]
    public async Task Mutated_files_never_wedge_a_source_and_both_stores_agree()
    {
        var files = Math.Max(1, Setting("KASPARRO_FUZZ_FILES", DefaultFiles));
        var seed = Setting("KASPARRO_FUZZ_SEED", DefaultSeed);
        output.WriteLine($"fuzz sweep: {files} files, seed {seed} (replay: KASPARRO_FUZZ_SEED={seed} KASPARRO_FUZZ_FILES={files})");
        var sources = Enumerable.Range(0, files).Select(i => (Source(i), BatchSize)).ToArray();
        await using var memory = await IngestionHarness.StartAsync(null, sources);
        await using var postgres = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), sources);

        var fuzz = new FuzzFile[files];
        for (var i = 0; i < files; i++)
        {
            var file = FuzzCsv.Make(seed, i);
            await File.WriteAllBytesAsync(memory.FileOf(Source(i)), file.Bytes);
            await File.WriteAllBytesAsync(postgres.FileOf(Source(i)), file.Bytes);
            fuzz[i] = file with { Bytes = [] }; // 1 MiB fields: keep only the description
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var inMemory = await RunAllAsync(memory, files);
        var inPostgres = await RunAllAsync(postgres, files);
        output.WriteLine($"fuzz sweep: both stores done in {watch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"fuzz sweep: {fuzz.Sum(f => f.UnmutatedIds.Count)} unmutated rows checked of {files * FuzzCsv.Rows}; " +
            $"rejections in memory: {Show(Total(inMemory))}; in postgres: {Show(Total(inPostgres))}");

        var failures = new List<string>();
        for (var i = 0; i < files; i++)
        {
            var problems = Check(fuzz[i], inMemory[i], "memory").Concat(Check(fuzz[i], inPostgres[i], "postgres")).Concat(Compare(inMemory[i], inPostgres[i])).ToList();
            if (problems.Count > 0)
            {
                failures.Add($"file {i} ({string.Join("; ", fuzz[i].Mutations)}):\n    {string.Join("\n    ", problems)}");
            }
        }

        var unstated = await TestPostgres.ScalarAsync<long>(postgres.ConnectionString!, "SELECT count(*) FROM rejected_records WHERE coalesce(reason, '') = ''");
        Assert.True(unstated == 0, $"{unstated} rejected records without a reason");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {files} files broke a property:\n{string.Join("\n", failures.Take(25))}");
    }

    private static IEnumerable<string> Check(FuzzFile file, Outcome o, string store)
    {
        var first = o.First;
        if (first.Status != RunStatus.Success)
        {
            yield return $"{store}: first run {first.Status}: {first.ErrorType}: {first.ErrorMessage}";
        }

        if (first.RecordsRead != first.RecordsWritten + first.RecordsRejected)
        {
            yield return $"{store}: read {first.RecordsRead} != written {first.RecordsWritten} + rejected {first.RecordsRejected}";
        }

        if (first.Rejections.Keys.Any(string.IsNullOrWhiteSpace) || first.Rejections.Values.Sum() != first.RecordsRejected)
        {
            yield return $"{store}: rejections without a reason: {Show(first.Rejections)} for {first.RecordsRejected} rejected";
        }

        var second = o.Second;
        if (second.Status != RunStatus.Success || second.RecordsRead != 0 || second.CheckpointAfter?.Csv?.ByteOffset != o.Size)
        {
            yield return $"{store}: second run {second.Status} ({second.ErrorType}: {second.ErrorMessage}), read {second.RecordsRead}, checkpoint at {second.CheckpointAfter?.Csv?.ByteOffset} of {o.Size} bytes";
        }

        var landed = o.Assets.Select(a => a.ExternalId).ToHashSet(StringComparer.Ordinal);
        var missing = file.UnmutatedIds.Where(id => !landed.Contains(id)).ToArray();
        if (missing.Length > 0)
        {
            yield return $"{store}: unmutated rows did not land: {string.Join(", ", missing)}";
        }
    }

    private static IEnumerable<string> Compare(Outcome memory, Outcome postgres)
    {
        static string Key(AssetQuote q) => string.Create(CultureInfo.InvariantCulture,
            $"{q.ExternalId}|{q.Symbol}|{q.Name}|{q.CurrentPrice:G29}|{q.MarketCap:G29}|{q.Volume24h:G29}|{q.PriceChange24h:G29}|{q.LastUpdated:O}");
        var m = memory.Assets.Select(Key).Order(StringComparer.Ordinal).ToArray();
        var p = postgres.Assets.Select(Key).Order(StringComparer.Ordinal).ToArray();
        if (!m.SequenceEqual(p))
        {
            yield return $"stores disagree on assets: memory only [{string.Join(", ", m.Except(p))}], postgres only [{string.Join(", ", p.Except(m))}]";
        }

        if (Show(memory.First.Rejections) != Show(postgres.First.Rejections) || memory.First.RecordsWritten != postgres.First.RecordsWritten)
        {
            yield return $"stores disagree on the run: memory {memory.First.RecordsWritten} written, {Show(memory.First.Rejections)}; postgres {postgres.First.RecordsWritten} written, {Show(postgres.First.Rejections)}";
        }
    }

    private static async Task<Outcome[]> RunAllAsync(IngestionHarness h, int files)
    {
        using var gate = new SemaphoreSlim(Parallel);
        return await Task.WhenAll(Enumerable.Range(0, files).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var id = Source(i);
                var first = await h.RunToEndAsync(id);
                var second = await h.RunToEndAsync(id);
                var assets = await h.Store.GetAssetsAsync(id, CancellationToken.None);
                return new Outcome(first, second, assets, new FileInfo(h.FileOf(id)).Length);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static Dictionary<string, long> Total(Outcome[] outcomes) =>
        outcomes.SelectMany(o => o.First.Rejections).GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Value), StringComparer.Ordinal);

    private static string Source(int i) => $"fz{i:0000}";

    private static string Show(IReadOnlyDictionary<string, long> rejections) =>
        string.Join(",", rejections.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed record Outcome(RunInfo First, RunInfo Second, IReadOnlyList<AssetQuote> Assets, long Size);
}

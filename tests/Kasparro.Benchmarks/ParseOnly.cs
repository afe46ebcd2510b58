using System.Diagnostics;
using Kasparro.Grains.Connectors.Csv;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kasparro.Benchmarks;

/// <summary>The reading half alone: CSV connector and normalizer over the file, no database.</summary>
internal static class ParseOnly
{
    public static async Task<TimeSpan> RunAsync(string csvPath, int batchSize)
    {
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var connector = new CsvConnector(new CsvDownloader(http), NullLogger<CsvConnector>.Instance);
        var source = new SourceDefinition("bench", SourceKind.Csv, csvPath, TimeSpan.FromHours(1), true, batchSize,
            new Dictionary<string, string>(), FailureInjectionSettings.Off);
        var normalizer = new QuoteNormalizer(ColumnMap.Identity, TimeProvider.System);
        var runId = Guid.NewGuid();
        var accepted = 0L;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuTime.Now();
        var read = Stopwatch.StartNew();
        var count = 0L;
        await foreach (var batch in connector.ReadAsync(source, SourceCheckpoint.Start, CancellationToken.None))
        {
            count += batch.Records.Count;
        }

        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var readCpu = (CpuTime.Now() - cpu).Silo;
        Console.WriteLine($"csv read only:       {read.Elapsed.TotalSeconds,8:F2} s  {readCpu:F2} s cpu ({count:N0} records, {readAllocated / (double)count:F0} bytes allocated per record)");
        cpu = CpuTime.Now();
        allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await foreach (var batch in connector.ReadAsync(source, SourceCheckpoint.Start, CancellationToken.None))
        {
            foreach (var record in batch.Records)
            {
                if (normalizer.Normalize(record, source.Id, runId).Quote is not null)
                {
                    accepted++;
                }
            }
        }

        var parseAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine($"parse + normalize:   {watch.Elapsed.TotalSeconds,8:F2} s  {(CpuTime.Now() - cpu).Silo:F2} s cpu ({accepted:N0} accepted, {parseAllocated / (double)count:F0} bytes allocated per record)");
        return watch.Elapsed;
    }
}

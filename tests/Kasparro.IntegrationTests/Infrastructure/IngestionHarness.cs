using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>A silo with CSV sources of the test's own, and the helpers to drive runs to their end.</summary>
public sealed class IngestionHarness : IAsyncDisposable
{
    private IngestionHarness(TestSilo silo, string directory, string? connectionString)
    {
        Silo = silo;
        Directory = directory;
        ConnectionString = connectionString;
    }

    public string? ConnectionString { get; }

    public TestSilo Silo { get; }

    public string Directory { get; }

    public IIngestionStore Store => Silo.Host.Services.GetRequiredService<IIngestionStore>();

    public static async Task<IngestionHarness> StartAsync(
        string? connectionString, IEnumerable<(string Id, int BatchSize)> sources, IReadOnlyDictionary<string, string?>? extra = null,
        TimeSpan? minimumReminderPeriod = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kasparro-ingest").FullName;
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        foreach (var (id, batch) in sources)
        {
            settings.TryAdd($"Kasparro:Sources:{id}:Kind", "Csv");
            settings.TryAdd($"Kasparro:Sources:{id}:Url", Path.Combine(directory, $"{id}.csv"));
            settings.TryAdd($"Kasparro:Sources:{id}:BatchSize", batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
            settings.TryAdd($"Kasparro:Sources:{id}:Interval", "01:00:00");
        }

        var silo = await TestSilo.StartAsync($"ing-{Guid.NewGuid():N}"[..16], connectionString, minimumReminderPeriod, settings);
        return new IngestionHarness(silo, directory, connectionString);
    }

    public string FileOf(string source) => Path.Combine(Directory, $"{source}.csv");

    public ISourceGrain Source(string id) => Silo.Grains.GetGrain<ISourceGrain>(id);

    public async Task<RunInfo> RunToEndAsync(string source)
    {
        var started = await Source(source).TriggerRun();
        return await WaitForEndAsync(source, started.RunId);
    }

    public Task<RunInfo> WaitForEndAsync(string source, Guid runId) =>
        Eventually.Until(
            async () => (await Source(source).GetRun(runId))!,
            r => r.Status != RunStatus.Running,
            TimeSpan.FromSeconds(120),
            $"run {runId} of {source} to finish");

    public Task<IngestionCounts> CountsAsync(string source) => Store.CountAsync(source, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

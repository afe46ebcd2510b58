using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Aggregates for /stats and /health: the per-source run summary (kept as runs are logged), the
/// stored data per source, and the newest runs by index. None of it grows with the run history.
/// </summary>
[GrainType("stats"), StatelessWorker]
public sealed class StatsGrain(IQueryStore store, QueryCache cache) : Grain, IStatsGrain
{
    public async Task<StatsReport> GetStats(string? source, int recentRuns)
    {
        // Counting assets and news is the costly part; it changes only when a batch commits.
        var data = await cache.GetOrAddAsync(nameof(DataSummary), () => store.GetDataSummariesAsync(CancellationToken.None));
        var summaries = await store.GetRunSummariesAsync(CancellationToken.None);
        var recent = await store.QueryRunsAsync(
            new RunFilter(source, null), new PageRequest(1, Math.Clamp(recentRuns, 1, 100)), CancellationToken.None);
        return new StatsReport(
            data.Where(d => source is null || d.Source == source).ToArray(),
            summaries.Where(s => source is null || s.Source == source).ToArray(),
            recent.Items);
    }

    public Task<IReadOnlyList<RunSummary>> GetRunSummaries() => store.GetRunSummariesAsync(CancellationToken.None);
}

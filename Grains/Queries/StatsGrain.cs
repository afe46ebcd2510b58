using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Aggregates for /stats and /health: the per-source run summary (kept as runs are logged), the
/// stored data per source, and the newest runs by index. None of it grows with the run history.
/// Stateless and reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("stats"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class StatsGrain(IQueryStore store, QueryCache cache, Control.SourceDirectory sources) : Grain, IStatsGrain
{
    public async Task<StatsReport> GetStats(string? source, int recentRuns, CancellationToken cancellationToken = default)
    {
        await sources.RequireFilterAsync(source);
        // Counting assets and news is the costly part; it changes only when a batch commits.
        var data = await cache.GetOrAddAsync(nameof(DataSummary), () => store.GetDataSummariesAsync(cancellationToken));
        var logged = (await store.GetRunSummariesAsync(cancellationToken)).ToDictionary(s => s.Source, StringComparer.Ordinal);
        var recent = await store.QueryRunsAsync(
            new RunFilter(source, null), new PageRequest(1, Math.Clamp(recentRuns, 1, 100)), cancellationToken);
        // Every live source has its aggregates, empty before its first run; so has an old source that logged runs.
        var summaries = (await sources.AllAsync()).Select(d => d.Id).Concat(logged.Keys).Distinct(StringComparer.Ordinal).Where(id => source is null || id == source)
            .Order(StringComparer.Ordinal).Select(id => logged.GetValueOrDefault(id) ?? RunSummary.Empty(id));
        return new StatsReport(
            data.Where(d => source is null || d.Source == source).ToArray(),
            summaries.ToArray(),
            recent.Items);
    }

    public Task<IReadOnlyList<RunSummary>> GetRunSummaries(CancellationToken cancellationToken = default) =>
        store.GetRunSummariesAsync(cancellationToken);
}

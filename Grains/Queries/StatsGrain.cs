using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Aggregates for /stats and /health: the per-source run and data summaries (kept by triggers as
/// runs are logged and batches written) and the newest runs by index, read in one round trip. None
/// of it grows with the run history or the stored data. Requests for the same answer (source and
/// number of recent runs) that arrive while its read runs wait for that read instead of starting
/// another (<see cref="SingleFlight{TKey, T}"/>): an answer is never older than the read it waited
/// on, and no answer is kept after it. Stateless and reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("stats"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class StatsGrain(IQueryStore store, Control.SourceDirectory sources) : Grain, IStatsGrain
{
    private readonly SingleFlight<(string? Source, int Limit), StatsReport> _reports = new();
    private readonly SingleFlight<bool, IReadOnlyList<RunSummary>> _runSummaries = new();

    public async Task<StatsReport> GetStats(string? source, int recentRuns, CancellationToken cancellationToken = default)
    {
        await sources.RequireFilterAsync(source);
        var limit = Math.Clamp(recentRuns, 1, 100);
        var read = await _reports.RunAsync((source, limit), ct => store.GetStatsAsync(source, limit, ct), cancellationToken);
        var logged = read.Runs.ToDictionary(s => s.Source, StringComparer.Ordinal);
        // Every live source has its aggregates, empty before its first run; so has an old source that logged runs.
        var summaries = (await sources.AllAsync()).Select(d => d.Id).Concat(logged.Keys).Distinct(StringComparer.Ordinal).Where(id => source is null || id == source)
            .Order(StringComparer.Ordinal).Select(id => logged.GetValueOrDefault(id) ?? RunSummary.Empty(id));
        return new StatsReport(
            read.Data.Where(d => source is null || d.Source == source).ToArray(),
            summaries.ToArray(),
            read.RecentRuns);
    }

    public Task<IReadOnlyList<RunSummary>> GetRunSummaries(CancellationToken cancellationToken = default) =>
        _runSummaries.RunAsync(true, store.GetRunSummariesAsync, cancellationToken);
}

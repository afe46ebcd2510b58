namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Aggregates for /stats, /health and the metrics: never a scan of the run log. Key 0.</summary>
[Alias("kasparro.IStatsGrain")]
public interface IStatsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Data and run aggregates (of one source when given) and its most recent runs. Every configured
    /// source has run aggregates (empty before its first run), as has any other source that logged runs.
    /// <see cref="Sources.UnknownSourceException"/> for a source that no configuration defines.
    /// </summary>
    [Alias("GetStats")]
    Task<StatsReport> GetStats(string? source, int recentRuns, CancellationToken cancellationToken = default);

    /// <summary>The run aggregates of every source that has logged a run.</summary>
    [Alias("GetRunSummaries")]
    Task<IReadOnlyList<RunSummary>> GetRunSummaries(CancellationToken cancellationToken = default);
}

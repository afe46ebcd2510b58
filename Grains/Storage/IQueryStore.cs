using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The reads behind the gateway's lists and aggregates, with identical semantics in PostgreSQL and
/// in memory: the same filters, the same order (strings compared ordinally, nulls last), the same
/// totals. Run totals and aggregates come from the per-source run summary, never from counting runs.
/// </summary>
public interface IQueryStore
{
    /// <summary>Latest quotes by market cap, largest first (no cap last), then source and external id.</summary>
    Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>An asset's quotes newest first, named as the asset is now; null when the asset is unknown.</summary>
    Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>News items, newest published first (undated last), then source and item key.</summary>
    Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Runs newest first (start time, then run id as text), as <see cref="IIngestionStore.GetRecentRunsAsync"/> orders them.</summary>
    Task<Page<RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Run aggregates of every source that has logged a run, by source id.</summary>
    Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken);

    /// <summary>Stored data of every source that has assets or news items, by source id.</summary>
    Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What /stats reads, every part from the summaries: stored data and run aggregates of every
    /// source (not filtered), and the newest <paramref name="recentRuns"/> runs (of <paramref name="source"/>
    /// when given), newest first. A store that can answers in one round trip.
    /// </summary>
    async Task<StatsReport> GetStatsAsync(string? source, int recentRuns, CancellationToken cancellationToken)
    {
        var data = await GetDataSummariesAsync(cancellationToken);
        var runs = await GetRunSummariesAsync(cancellationToken);
        var recent = await QueryRunsAsync(new RunFilter(source, null), new PageRequest(1, recentRuns), cancellationToken);
        return new StatsReport(data, runs, recent.Items);
    }
}

using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <content>The gateway's reads, in the order and with the totals PostgreSQL gives (see PostgresQueryStore).</content>
public sealed partial class InMemoryIngestionStore : IQueryStore
{
    public Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var matching = Snapshot(filter.Source, d => d.Latest.Values).Where(q =>
            (filter.Symbol is null || string.Equals(q.Symbol, filter.Symbol, StringComparison.Ordinal))
            && (filter.MinPrice is null || q.CurrentPrice >= filter.MinPrice)
            && (filter.MaxPrice is null || q.CurrentPrice <= filter.MaxPrice));
        var ordered = matching
            .OrderBy(q => q.MarketCap is null)
            .ThenByDescending(q => q.MarketCap)
            .ThenBy(q => q.Source, StringComparer.Ordinal)
            .ThenBy(q => q.ExternalId, StringComparer.Ordinal)
            .ToArray();
        var exact = filter.Symbol is null && filter.MinPrice is null && filter.MaxPrice is null;
        if (page.AfterAsset is { } after)
        {
            // As PostgreSQL's keyset page: the rows after the key, the total of the whole list.
            var bySource = filter.Source is not null;
            var items = ordered.Where(q => AssetKeys.IsAfter(q, after, bySource)).Take(page.Size).ToArray();
            return Task.FromResult(new Page<AssetQuote>(items, ordered.Length, page) { TotalEstimated = !exact && ListCounts.Estimated(ordered.Length) });
        }

        return Task.FromResult(PageOf(ordered, page, exact));
    }

    public Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_sources.TryGetValue(query.Source, out var data))
        {
            return Task.FromResult<Page<AssetQuote>?>(null);
        }

        AssetQuote[] history;
        lock (data)
        {
            if (!data.Latest.TryGetValue(query.ExternalId, out var asset))
            {
                return Task.FromResult<Page<AssetQuote>?>(null);
            }

            history = data.History.Values
                .Where(q => string.Equals(q.ExternalId, query.ExternalId, StringComparison.Ordinal)
                    && (query.From is null || q.LastUpdated >= query.From)
                    && (query.To is null || q.LastUpdated <= query.To))
                .OrderByDescending(q => q.LastUpdated)
                .Select(q => q with { Symbol = asset.Symbol, Name = asset.Name })
                .ToArray();
        }

        return Task.FromResult<Page<AssetQuote>?>(PageOf(history, page, exact: true));
    }

    public Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var ordered = Snapshot(filter.Source, d => d.News.Values)
            .Where(n => filter.Symbol is null || n.Symbols.Contains(filter.Symbol, StringComparer.Ordinal))
            .OrderBy(n => n.PublishedAt is null)
            .ThenByDescending(n => n.PublishedAt)
            .ThenBy(n => n.Source, StringComparer.Ordinal)
            .ThenBy(n => n.ItemKey, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(PageOf(ordered, page, exact: filter.Symbol is null));
    }

    public Task<Page<RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var items = _runs.Values
            .Where(r => (filter.Source is null || string.Equals(r.Source, filter.Source, StringComparison.Ordinal))
                && (filter.Status is null || r.Status == filter.Status))
            .OrderByDescending(r => r.StartedAt)
            .ThenByDescending(r => r.RunId.ToString("D"), StringComparer.Ordinal)
            .Skip(SkipOf(page))
            .Take(page.Size)
            .ToArray();
        long total;
        lock (_runSummaries)
        {
            total = _runSummaries.Values
                .Where(s => filter.Source is null || string.Equals(s.Source, filter.Source, StringComparison.Ordinal))
                .Sum(s => RunSummaryMath.Count(s, filter.Status));
        }

        return Task.FromResult(new Page<RunInfo>(items, total, page));
    }

    public Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken)
    {
        lock (_runSummaries)
        {
            return Task.FromResult<IReadOnlyList<RunSummary>>(
                _runSummaries.Values.OrderBy(s => s.Source, StringComparer.Ordinal).ToArray());
        }
    }

    public Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<DataSummary>();
        foreach (var (source, data) in _sources)
        {
            lock (data)
            {
                if (data.Latest.Count > 0 || data.News.Count > 0)
                {
                    var cap = data.Latest.Values.Sum(q => q.MarketCap ?? 0);
                    summaries.Add(new DataSummary(source, data.Latest.Count, cap, data.News.Count));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<DataSummary>>(summaries.OrderBy(s => s.Source, StringComparer.Ordinal).ToArray());
    }

    /// <summary>A copy of one source's (or every source's) values, taken under each source's lock.</summary>
    private List<T> Snapshot<T>(string? source, Func<SourceData, IEnumerable<T>> select)
    {
        var copy = new List<T>();
        foreach (var (id, data) in _sources)
        {
            if (source is null || string.Equals(id, source, StringComparison.Ordinal))
            {
                lock (data)
                {
                    copy.AddRange(select(data));
                }
            }
        }

        return copy;
    }

    /// <summary>
    /// A page of a counted list: the total flagged as PostgreSQL flags it past the bound it counts exactly
    /// (<see cref="ListCounts"/>), unless PostgreSQL knows it exactly (<paramref name="exact"/>: no filter
    /// or the source alone, read from its per-source summary; one asset's history).
    /// </summary>
    private static Page<T> PageOf<T>(IReadOnlyList<T> ordered, PageRequest page, bool exact) =>
        new(ordered.Skip(SkipOf(page)).Take(page.Size).ToArray(), ordered.Count, page) { TotalEstimated = !exact && ListCounts.Estimated(ordered.Count) };

    private static int SkipOf(PageRequest page) => (int)Math.Min(page.Offset, int.MaxValue);
}

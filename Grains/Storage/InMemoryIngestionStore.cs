using System.Collections.Concurrent;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The InMemory provider's store: the same semantics as PostgreSQL (idempotent upserts, newer
/// quote wins), held by one silo process and gone when it stops. A lock per source makes each
/// batch atomic, as a transaction would.
/// </summary>
public sealed partial class InMemoryIngestionStore : IIngestionStore
{
    private readonly ConcurrentDictionary<string, SourceData> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, RunInfo> _runs = new();
    private readonly Dictionary<string, Interfaces.Queries.RunSummary> _runSummaries = new(StringComparer.Ordinal);

    public Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // What PostgreSQL would refuse is refused here too, the same way, so both stores land and
        // reject the same rows (see StorageRefusals).
        var (screened, refused) = StorageScreen.Apply(batch);
        var data = _sources.GetOrAdd(batch.Source, _ => new SourceData());
        lock (data)
        {
            foreach (var quote in screened.Quotes)
            {
                data.History.TryAdd((quote.ExternalId, quote.LastUpdated), quote);
                if (!data.Latest.TryGetValue(quote.ExternalId, out var current) || current.LastUpdated <= quote.LastUpdated)
                {
                    data.Latest[quote.ExternalId] = quote;
                }
            }

            foreach (var item in screened.News)
            {
                data.News[item.ItemKey] = item;
            }

            foreach (var rejected in screened.Rejected)
            {
                data.Rejected.TryAdd(rejected.RecordHash, rejected);
            }
        }

        return Task.FromResult(new BatchWriteResult(batch.Written - refused.Count, refused));
    }

    public Task RecordRunAsync(RunInfo run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_runSummaries)
        {
            // Like the run_summary trigger: the previous version of the run leaves the aggregate, this one enters it.
            _runs.TryGetValue(run.RunId, out var previous);
            if (previous is { Status: not RunStatus.Running } && run.Status == RunStatus.Running)
            {
                return Task.CompletedTask; // as in PostgreSQL: a finished run is never reopened
            }

            _runs[run.RunId] = run;
            _runSummaries[run.Source] = RunSummaryMath.Apply(
                _runSummaries.GetValueOrDefault(run.Source) ?? Interfaces.Queries.RunSummary.Empty(run.Source), previous, run);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunInfo>> GetRecentRunsAsync(string source, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // The order PostgreSQL gives: start time, then the run id in its text form (uuid order).
        return Task.FromResult<IReadOnlyList<RunInfo>>(_runs.Values
            .Where(r => string.Equals(r.Source, source, StringComparison.Ordinal) && (status is null || r.Status == status))
            .OrderByDescending(r => r.StartedAt)
            .ThenByDescending(r => r.RunId.ToString("D"), StringComparer.Ordinal)
            .Take(limit)
            .ToArray());
    }

    public Task<IngestionCounts> CountAsync(string source, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(source, out var data))
        {
            return Task.FromResult(new IngestionCounts(0, 0, 0));
        }

        lock (data)
        {
            return Task.FromResult(new IngestionCounts(data.Latest.Count, data.History.Count, data.Rejected.Count, data.News.Count));
        }
    }

    public Task<IReadOnlyList<AssetQuote>> GetAssetsAsync(string source, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(source, out var data))
        {
            return Task.FromResult<IReadOnlyList<AssetQuote>>([]);
        }

        lock (data)
        {
            return Task.FromResult<IReadOnlyList<AssetQuote>>(
                data.Latest.Values.OrderBy(q => q.ExternalId, StringComparer.Ordinal).ToArray());
        }
    }

    public Task<IReadOnlyList<Normalization.KnownAsset>> GetKnownAssetsAsync(CancellationToken cancellationToken)
    {
        var known = new List<Normalization.KnownAsset>();
        foreach (var data in _sources.Values)
        {
            lock (data)
            {
                known.AddRange(data.Latest.Values.Select(q => new Normalization.KnownAsset(q.Symbol, q.Name)));
            }
        }

        return Task.FromResult<IReadOnlyList<Normalization.KnownAsset>>(known.Distinct().ToArray());
    }

    /// <summary>The rejected records of a source, for tests (PostgreSQL's are a query away).</summary>
    internal IReadOnlyList<RejectedRecord> RejectedOf(string source)
    {
        if (!_sources.TryGetValue(source, out var data))
        {
            return [];
        }

        lock (data)
        {
            return [.. data.Rejected.Values];
        }
    }

    public Task<RunInfo?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    private sealed class SourceData
    {
        public Dictionary<string, AssetQuote> Latest { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string, DateTime), AssetQuote> History { get; } = [];

        public Dictionary<string, RejectedRecord> Rejected { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Interfaces.News.NewsItem> News { get; } = new(StringComparer.Ordinal);
    }
}

using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Where ingested data and the run log live. Writes are idempotent on natural keys: the latest
/// quote per (source, external id) is upserted (never replaced by an older one), quote history
/// is keyed by (source, external id, last updated), rejects by (source, record hash).
/// </summary>
public interface IIngestionStore
{
    /// <summary>
    /// Writes one batch; when it returns, the batch is durable. A row the store refuses for a data
    /// reason (text PostgreSQL cannot hold, a value too long, a violated constraint) does not fail
    /// the batch: it is stored as a rejected record (reason <c>storage_refused</c>) and returned in
    /// <see cref="BatchWriteResult.Refused"/>, and the rest lands. Only infrastructure errors throw.
    /// </summary>
    Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch, CancellationToken cancellationToken);

    /// <summary>Inserts or updates a run in the run log.</summary>
    Task RecordRunAsync(RunInfo run, CancellationToken cancellationToken);

    /// <summary>
    /// A source's most recent runs from the run log, newest first (by start time, then run id),
    /// only those with <paramref name="status"/> when it is given; at most <paramref name="limit"/> (at least 1).
    /// </summary>
    Task<IReadOnlyList<RunInfo>> GetRecentRunsAsync(string source, RunStatus? status, int limit, CancellationToken cancellationToken);

    Task<IngestionCounts> CountAsync(string source, CancellationToken cancellationToken);

    /// <summary>The latest quote of every asset of a source, ordered by external id.</summary>
    Task<IReadOnlyList<AssetQuote>> GetAssetsAsync(string source, CancellationToken cancellationToken);

    /// <summary>Every distinct (symbol, name) pair of the stored assets, for matching news mentions.</summary>
    Task<IReadOnlyList<Normalization.KnownAsset>> GetKnownAssetsAsync(CancellationToken cancellationToken);

    /// <summary>A run from the run log, or null.</summary>
    Task<RunInfo?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes everything stored for <paramref name="source"/>: latest quotes, quote history, news
    /// items (with their mention links), rejected records, and its run log rows with its run summary,
    /// in one transaction. Other sources' rows are untouched. Idempotent (a second purge deletes
    /// nothing); <see cref="SourcePurge.DriftReports"/> is 0 here (the drift log is <see cref="IDriftStore"/>'s).
    /// </summary>
    Task<SourcePurge> PurgeSourceAsync(string source, CancellationToken cancellationToken);
}

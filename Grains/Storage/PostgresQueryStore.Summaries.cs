using Kasparro.Grains.Interfaces.Queries;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <content>
/// The aggregates: one primary-key row per source from the summaries the triggers keep (run_summary,
/// migration 0006; data_summary, migration 0013), never a count of the tables they summarize.
/// </content>
public sealed partial class PostgresQueryStore
{
    private const string RunSummariesSql = """
        SELECT source, total_runs, running_runs, successful_runs, failed_runs, records_read, records_written, records_rejected,
               duration_ms, timed_runs, last_started_at, last_successful_run, last_failed_run, cancelled_runs
        FROM run_summary ORDER BY source COLLATE "C"
        """;

    /// <summary>A source whose data is all gone keeps a row of zeros: it has no stored data to report.</summary>
    private const string DataSummariesSql = """
        SELECT source, assets, market_cap, news_items FROM data_summary
        WHERE assets <> 0 OR news_items <> 0
        ORDER BY source COLLATE "C"
        """;

    // The newest runs by the index that serves each form (with or without a source); no count.
    private const string RecentRunsSql = $"SELECT {RunLogSql.Columns} FROM run_log ORDER BY started_at DESC, run_id DESC LIMIT @limit";

    private const string RecentRunsOfSourceSql =
        $"SELECT {RunLogSql.Columns} FROM run_log WHERE source = @source ORDER BY started_at DESC, run_id DESC LIMIT @limit";

    /// <summary>The three reads of /stats in one batch: one round trip, each statement a read of a few index rows.</summary>
    public Task<StatsReport> GetStatsAsync(string? source, int recentRuns, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadStatsAsync(source, recentRuns, ct), cancellationToken);

    private async Task<StatsReport> ReadStatsAsync(string? source, int recentRuns, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DataSummariesSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(RunSummariesSql));
        var recent = new NpgsqlBatchCommand(source is null ? RecentRunsSql : RecentRunsOfSourceSql);
        recent.Parameters.AddWithValue("limit", recentRuns);
        if (source is not null)
        {
            recent.Parameters.AddWithValue("source", source);
        }

        batch.BatchCommands.Add(recent);
        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        var data = await ReadAllAsync(r, ReadDataSummary, cancellationToken);
        await r.NextResultAsync(cancellationToken);
        var runs = await ReadAllAsync(r, ReadRunSummary, cancellationToken);
        await r.NextResultAsync(cancellationToken);
        var runsRead = await ReadAllAsync(r, RunLogSql.Read, cancellationToken);
        return new StatsReport(data, runs, runsRead);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlDataReader r, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await r.ReadAsync(cancellationToken))
        {
            rows.Add(read(r));
        }

        return rows;
    }

    private static DataSummary ReadDataSummary(NpgsqlDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetDecimal(2), r.GetInt64(3));

    private static RunSummary ReadRunSummary(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
        r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), NullableTime(r, 10), NullableTime(r, 11), NullableTime(r, 12),
        r.GetInt64(13));
}

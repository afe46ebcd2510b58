using System.Text.Json;
using Kasparro.Grains.Interfaces.Json;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The run_log table: one row per run, inserted when it starts and updated when it ends. A finished
/// row is never turned back to running (a start record retried late from the outbox is ignored).
/// Reads and writes answer within the data source's command timeout, and are retried once on a
/// dead pooled connection: the upsert may run twice, it writes the same row (see <see cref="DatabaseDeadline"/>).
/// </summary>
internal static class RunLogSql
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private const string Upsert = """
        INSERT INTO run_log (run_id, source, status, trigger, started_at, completed_at, records_read, records_written,
                             records_rejected, rejections, duration_ms, error_type, error_message, checkpoint_before, checkpoint_after,
                             anomalies)
        VALUES (@run_id, @source, @status, @trigger, @started_at, @completed_at, @read, @written,
                @rejected, @rejections, @duration_ms, @error_type, @error_message, @before, @after, @anomalies)
        ON CONFLICT (run_id) DO UPDATE SET
            status = EXCLUDED.status, completed_at = EXCLUDED.completed_at, records_read = EXCLUDED.records_read,
            records_written = EXCLUDED.records_written, records_rejected = EXCLUDED.records_rejected,
            rejections = EXCLUDED.rejections, duration_ms = EXCLUDED.duration_ms, error_type = EXCLUDED.error_type,
            error_message = EXCLUDED.error_message, checkpoint_after = EXCLUDED.checkpoint_after,
            anomalies = EXCLUDED.anomalies
        WHERE run_log.status = 'running' OR EXCLUDED.status <> 'running'
        """;

    internal const string Columns = """
        run_id, source, status, trigger, started_at, completed_at, records_read, records_written, records_rejected,
        rejections::text, error_type, error_message, checkpoint_before::text, checkpoint_after::text, anomalies::text
        """;

    public static Task UpsertAsync(NpgsqlDataSource dataSource, RunInfo run, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ct => WriteAsync(dataSource, run, ct), cancellationToken);

    public static Task<RunInfo?> GetAsync(NpgsqlDataSource dataSource, Guid runId, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadOneAsync(dataSource, runId, ct), cancellationToken);

    /// <summary>Newest first; ties in start time (to the microsecond) are broken by run id, as the in-memory store does.</summary>
    public static Task<IReadOnlyList<RunInfo>> GetRecentAsync(
        NpgsqlDataSource dataSource, string source, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadRecentAsync(dataSource, source, status, limit, ct), cancellationToken);
    }

    private static async Task WriteAsync(NpgsqlDataSource dataSource, RunInfo run, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Upsert);
        var p = command.Parameters;
        p.AddWithValue("run_id", run.RunId);
        p.AddWithValue("source", run.Source);
        p.AddWithValue("status", RunStatusNames.Name(run.Status));
        p.AddWithValue("trigger", run.Trigger);
        p.AddWithValue("started_at", run.StartedAt);
        p.Add(new NpgsqlParameter<DateTime?>("completed_at", NpgsqlDbType.TimestampTz) { TypedValue = run.CompletedAt });
        p.AddWithValue("read", run.RecordsRead);
        p.AddWithValue("written", run.RecordsWritten);
        p.AddWithValue("rejected", run.RecordsRejected);
        p.AddWithValue("rejections", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(run.Rejections, Json));
        p.Add(new NpgsqlParameter<long?>("duration_ms", NpgsqlDbType.Bigint)
        {
            TypedValue = run.CompletedAt is { } done ? (long)(done - run.StartedAt).TotalMilliseconds : null,
        });
        p.Add(new NpgsqlParameter<string?>("error_type", NpgsqlDbType.Varchar) { TypedValue = run.ErrorType });
        p.Add(new NpgsqlParameter<string?>("error_message", NpgsqlDbType.Text) { TypedValue = Normalization.StorableText.FreeOrNull(run.ErrorMessage) });
        p.AddWithValue("before", NpgsqlDbType.Jsonb, Storable(JsonSerializer.Serialize(run.CheckpointBefore, Json)));
        p.Add(new NpgsqlParameter<string?>("after", NpgsqlDbType.Jsonb)
        {
            TypedValue = run.CheckpointAfter is null ? null : Storable(JsonSerializer.Serialize(run.CheckpointAfter, Json)),
        });
        p.AddWithValue("anomalies", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(run.Anomalies, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<RunInfo?> ReadOneAsync(NpgsqlDataSource dataSource, Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM run_log WHERE run_id = @run_id");
        command.Parameters.AddWithValue("run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<IReadOnlyList<RunInfo>> ReadRecentAsync(
        NpgsqlDataSource dataSource, string source, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM run_log
            WHERE source = @source AND (@status::varchar IS NULL OR status = @status)
            ORDER BY started_at DESC, run_id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.Add(new NpgsqlParameter<string?>("status", NpgsqlDbType.Varchar)
        {
            TypedValue = status is { } s ? RunStatusNames.Name(s) : null,
        });
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<RunInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(Read(reader));
        }

        return runs;
    }

    internal static RunInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), RunStatusNames.Parse(r.GetString(2)), r.GetDateTime(4),
        r.IsDBNull(5) ? null : r.GetDateTime(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8),
        JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(9), Json) ?? [],
        r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11),
        JsonSerializer.Deserialize<SourceCheckpoint>(r.GetString(12), Json)!,
        r.IsDBNull(13) ? null : JsonSerializer.Deserialize<SourceCheckpoint>(r.GetString(13), Json),
        r.GetString(3))
    {
        Anomalies = JsonSerializer.Deserialize<List<RunAnomaly>>(r.GetString(14), Json) ?? [],
    };

    /// <summary>
    /// A checkpoint as jsonb will take it. Connectors keep only clean keys in their checkpoints; this is
    /// the last line, so a source id or file detail that slipped past can never make a run record
    /// unstorable (22P05), which would hold that run in the outbox for good.
    /// </summary>
    private static string Storable(string json) => Normalization.StorableJson.Clean(json);

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        JsonConventions.Apply(options);
        return options;
    }
}

using System.Text.Json;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Json;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The drift log in PostgreSQL (<c>drift_log</c>): one row per report, lists as arrays, matches and
/// changes as JSON. Both answer within the command timeout and are retried once on a dead pooled
/// connection (see <see cref="DatabaseDeadline"/>): a report inserted twice is stored once.
/// </summary>
public sealed class PostgresDriftStore(NpgsqlDataSource dataSource) : IDriftStore
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private const string Insert = """
        INSERT INTO drift_log (report_id, source, run_id, schema_name, confidence, drift_detected, breaking, missing_fields,
                               extra_fields, fuzzy_matches, type_changes, null_rate_changes, warnings, breaking_fields,
                               sample_size, detected_at)
        VALUES (@report_id, @source, @run_id, @schema_name, @confidence, @drift_detected, @breaking, @missing,
                @extra, @fuzzy, @types, @nulls, @warnings, @breaking_fields, @sample_size, @detected_at)
        ON CONFLICT (report_id) DO NOTHING
        """;

    private const string Filter = """
        WHERE (@source::varchar IS NULL OR source = @source) AND (@drift::boolean IS NULL OR drift_detected = @drift)
        """;

    private const string Columns = """
        report_id, source, run_id, schema_name, confidence, drift_detected, breaking, missing_fields, extra_fields,
        fuzzy_matches::text, type_changes::text, null_rate_changes::text, warnings, breaking_fields, sample_size, detected_at
        """;

    public Task RecordAsync(DriftReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync(report, ct), cancellationToken);
    }

    public Task<DriftLogPage> QueryAsync(DriftLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query.Normalized();
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadAsync(q, ct), cancellationToken);
    }

    public Task<long> PurgeSourceAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => DeleteAsync(source, ct), cancellationToken);
    }

    private async Task<long> DeleteAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM drift_log WHERE source = @source");
        command.Parameters.AddWithValue("source", source);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertAsync(DriftReport report, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        var p = command.Parameters;
        p.AddWithValue("report_id", report.ReportId);
        p.AddWithValue("source", report.Source);
        p.Add(new NpgsqlParameter<Guid?>("run_id", NpgsqlDbType.Uuid) { TypedValue = report.RunId });
        p.AddWithValue("schema_name", report.SchemaName);
        p.AddWithValue("confidence", (decimal)report.Confidence);
        p.AddWithValue("drift_detected", report.DriftDetected);
        p.AddWithValue("breaking", report.Breaking);
        p.AddWithValue("missing", NpgsqlDbType.Array | NpgsqlDbType.Text, report.MissingFields.ToArray());
        p.AddWithValue("extra", NpgsqlDbType.Array | NpgsqlDbType.Text, report.ExtraFields.ToArray());
        p.AddWithValue("fuzzy", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(report.FuzzyMatches, Json));
        p.AddWithValue("types", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(report.TypeChanges, Json));
        p.AddWithValue("nulls", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(report.NullRateChanges, Json));
        p.AddWithValue("warnings", NpgsqlDbType.Array | NpgsqlDbType.Text, report.Warnings.ToArray());
        p.AddWithValue("breaking_fields", NpgsqlDbType.Array | NpgsqlDbType.Text, report.BreakingFields.ToArray());
        p.AddWithValue("sample_size", report.SampleSize);
        p.AddWithValue("detected_at", NpgsqlDbType.TimestampTz, DateTime.SpecifyKind(report.DetectedAt, DateTimeKind.Utc));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<DriftLogPage> ReadAsync(DriftLogQuery q, CancellationToken cancellationToken)
    {
        long total;
        await using (var count = dataSource.CreateCommand($"SELECT count(*) FROM drift_log {Filter}"))
        {
            AddFilter(count, q);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var select = dataSource.CreateCommand(
            $"SELECT {Columns} FROM drift_log {Filter} ORDER BY detected_at DESC, id DESC LIMIT @limit OFFSET @offset");
        AddFilter(select, q);
        select.Parameters.AddWithValue("limit", q.Limit);
        select.Parameters.AddWithValue("offset", q.Offset);
        var reports = new List<DriftReport>();
        await using var r = await select.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            reports.Add(new DriftReport(
                r.IsDBNull(0) ? Guid.Empty : r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetString(3),
                r.GetBoolean(5), r.GetBoolean(6), (double)r.GetDecimal(4),
                r.GetFieldValue<string[]>(7), r.GetFieldValue<string[]>(8),
                JsonSerializer.Deserialize<List<FuzzyMatch>>(r.GetString(9), Json) ?? [],
                JsonSerializer.Deserialize<List<TypeChange>>(r.GetString(10), Json) ?? [],
                JsonSerializer.Deserialize<List<NullRateChange>>(r.GetString(11), Json) ?? [],
                r.GetFieldValue<string[]>(12), r.GetFieldValue<string[]>(13), r.GetInt32(14),
                DateTime.SpecifyKind(r.GetDateTime(15), DateTimeKind.Utc)));
        }

        return new DriftLogPage(reports, total);
    }

    private static void AddFilter(NpgsqlCommand command, DriftLogQuery q)
    {
        command.Parameters.Add(new NpgsqlParameter<string?>("source", NpgsqlDbType.Varchar) { TypedValue = q.Source });
        command.Parameters.Add(new NpgsqlParameter<bool?>("drift", NpgsqlDbType.Boolean) { TypedValue = q.DriftDetected });
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        JsonConventions.Apply(options);
        return options;
    }
}

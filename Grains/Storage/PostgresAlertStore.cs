using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The alert outbox in PostgreSQL (deploy/migrations/0012_alerts.sql). A raise is one statement over
/// arrays that ignores events already stored, so it may run twice and is retried once on a dead
/// pooled connection; should the database refuse it for its data all the same, each event is
/// written alone and one refused again is stored without its data, so a producer's outbox always
/// drains. Planning, claiming and recording an attempt are each one transaction (see the partial
/// files); every call answers within the command timeout (<see cref="DatabaseDeadline"/>). Driver
/// exceptions leave the silo translated (DatabaseFailureFilter).
/// </summary>
public sealed partial class PostgresAlertStore(NpgsqlDataSource dataSource, ILogger<PostgresAlertStore> logger) : IAlertStore
{
    private const string Insert = """
        INSERT INTO alert_events (event_id, kind, source, occurred_at, severity, summary, run_id, data)
        SELECT * FROM unnest(@ids, @kinds, @sources, @occurred, @severities, @summaries, @runs, @data)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string EventColumns = "e.event_id, e.kind, e.source, e.occurred_at, e.severity, e.summary, e.run_id, e.data::text, e.raised_at";

    public async Task RaiseAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        // In one order whoever raises, so two raises of the same events take their row locks in one order (no deadlock).
        var stored = events.Select(StorableAlertEvent.From).OrderBy(e => e.Id, StringComparer.Ordinal).ToArray();
        try
        {
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync(stored, ct), cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            logger.RaiseRefused(stored.Length, StorageErrors.Describe(ex));
            foreach (var e in stored)
            {
                await RaiseOneAsync(e, cancellationToken);
            }
        }
    }

    public Task<AlertCounts> CountsAsync(CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ReadCountsAsync, cancellationToken);

    private async Task RaiseOneAsync(AlertEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync([e], ct), cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            var reason = StorageErrors.Describe(ex);
            logger.StoredWithoutData(e.Id, e.Source, reason);
            var placeholder = StorableAlertEvent.From(e with { Data = "(data not stored: " + reason + ")" });
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync([placeholder], ct), cancellationToken);
        }
    }

    private async Task InsertAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        var p = command.Parameters;
        p.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Id).ToArray());
        p.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Kind).ToArray());
        p.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Source).ToArray());
        p.AddWithValue("occurred", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, events.Select(e => e.OccurredAt).ToArray());
        p.AddWithValue("severities", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Severity).ToArray());
        p.AddWithValue("summaries", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Summary).ToArray());
        p.AddWithValue("runs", NpgsqlDbType.Array | NpgsqlDbType.Uuid, events.Select(e => e.RunId).ToArray());
        p.AddWithValue("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, events.Select(e => e.Data).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<AlertCounts> ReadCountsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT state, count(*) FROM alert_deliveries GROUP BY state");
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            counts[r.GetString(0)] = r.GetInt64(1);
        }

        long Count(string state) => counts.GetValueOrDefault(state);
        return new AlertCounts(
            Count(AlertDeliveryStates.Pending), Count(AlertDeliveryStates.Delivered), Count(AlertDeliveryStates.Failed), Count(AlertDeliveryStates.Cancelled));
    }

    /// <summary>An event read with <see cref="EventColumns"/> from <paramref name="at"/> on, and when it was raised.</summary>
    private static (AlertEvent Event, DateTime RaisedAt) ReadEvent(NpgsqlDataReader r, int at) =>
        (new AlertEvent(
            r.GetString(at), r.GetString(at + 1), r.GetString(at + 2), Utc(r.GetDateTime(at + 3)), r.GetString(at + 4), r.GetString(at + 5),
            r.IsDBNull(at + 6) ? null : r.GetGuid(at + 6), r.GetString(at + 7)),
         Utc(r.GetDateTime(at + 8)));

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);

    private static DateTime? UtcOrNull(NpgsqlDataReader r, int at) => r.IsDBNull(at) ? null : Utc(r.GetDateTime(at));
}

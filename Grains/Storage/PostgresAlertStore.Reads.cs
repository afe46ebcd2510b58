using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <content>Reads: pages of alerts newest first with their deliveries, one alert with its attempts too. Retried once on a dead pooled connection.</content>
public sealed partial class PostgresAlertStore
{
    private const string Filter = """
        WHERE (@source::text IS NULL OR e.source = @source) AND (@kind::text IS NULL OR e.kind = @kind)
          AND (@state::text IS NULL OR EXISTS (
                SELECT 1 FROM alert_delivery_events de JOIN alert_deliveries d ON d.delivery_id = de.delivery_id
                WHERE de.event_id = e.event_id AND d.state = @state))
        """;

    private const string DeliveryColumns = """
        de.event_id, d.delivery_id, d.subscription_id, d.state, d.event_count, d.attempts, d.last_status, d.last_error, d.created_at, d.due_at, d.delivered_at
        """;

    public Task<Page<AlertRecord>> PageAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadPageAsync(query, page, ct), cancellationToken);
    }

    public Task<AlertRecord?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadOneAsync(StorableAlertEvent.Id(eventId), ct), cancellationToken);
    }

    /// <summary>The count, the page and the page's deliveries in one round trip.</summary>
    private async Task<Page<AlertRecord>> ReadPageAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Filtered($"SELECT count(*) FROM alert_events e {Filter}", query));
        var select = Filtered($"SELECT {EventColumns} FROM alert_events e {Filter} ORDER BY e.raised_at DESC, e.event_id DESC LIMIT @limit OFFSET @offset", query);
        select.Parameters.AddWithValue("limit", page.Size);
        select.Parameters.AddWithValue("offset", page.Offset);
        batch.BatchCommands.Add(select);
        var deliveries = Filtered(
            $"""
            WITH page AS (SELECT e.event_id FROM alert_events e {Filter} ORDER BY e.raised_at DESC, e.event_id DESC LIMIT @limit OFFSET @offset)
            SELECT {DeliveryColumns} FROM page JOIN alert_delivery_events de ON de.event_id = page.event_id
            JOIN alert_deliveries d ON d.delivery_id = de.delivery_id ORDER BY d.seq
            """, query);
        deliveries.Parameters.AddWithValue("limit", page.Size);
        deliveries.Parameters.AddWithValue("offset", page.Offset);
        batch.BatchCommands.Add(deliveries);

        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var total = r.GetInt64(0);
        await r.NextResultAsync(cancellationToken);
        var events = new List<(AlertEvent Event, DateTime RaisedAt)>(page.Size);
        while (await r.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(r, 0));
        }

        await r.NextResultAsync(cancellationToken);
        var byEvent = await ReadDeliveriesAsync(r, cancellationToken);
        return new Page<AlertRecord>(
            [.. events.Select(e => new AlertRecord(e.Event, e.RaisedAt, byEvent.GetValueOrDefault(e.Event.Id) ?? []))], total, page);
    }

    private async Task<AlertRecord?> ReadOneAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(WithId($"SELECT {EventColumns} FROM alert_events e WHERE e.event_id = @id", eventId));
        batch.BatchCommands.Add(WithId(
            $"""
            SELECT {DeliveryColumns} FROM alert_delivery_events de JOIN alert_deliveries d ON d.delivery_id = de.delivery_id
            WHERE de.event_id = @id ORDER BY d.seq
            """, eventId));
        batch.BatchCommands.Add(WithId(
            """
            SELECT a.delivery_id, a.number, a.at, a.status_code, a.error, a.duration_ms
            FROM alert_delivery_events de JOIN alert_attempts a ON a.delivery_id = de.delivery_id
            WHERE de.event_id = @id ORDER BY a.delivery_id, a.number
            """, eventId));

        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        var (e, raisedAt) = ReadEvent(r, 0);
        await r.NextResultAsync(cancellationToken);
        var deliveries = (await ReadDeliveriesAsync(r, cancellationToken)).GetValueOrDefault(e.Id) ?? [];
        await r.NextResultAsync(cancellationToken);
        var attempts = new Dictionary<string, List<DeliveryAttempt>>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            var id = r.GetString(0);
            if (!attempts.TryGetValue(id, out var log))
            {
                attempts[id] = log = [];
            }

            log.Add(new DeliveryAttempt(r.GetInt32(1), Utc(r.GetDateTime(2)), r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetDouble(5)));
        }

        return new AlertRecord(e, raisedAt, [.. deliveries.Select(d => d with { AttemptLog = attempts.GetValueOrDefault(d.DeliveryId) ?? [] })]);
    }

    /// <summary>Deliveries read with <see cref="DeliveryColumns"/>, by the event they carry, in order of creation.</summary>
    private static async Task<Dictionary<string, List<AlertDelivery>>> ReadDeliveriesAsync(NpgsqlDataReader r, CancellationToken cancellationToken)
    {
        var byEvent = new Dictionary<string, List<AlertDelivery>>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            var eventId = r.GetString(0);
            if (!byEvent.TryGetValue(eventId, out var list))
            {
                byEvent[eventId] = list = [];
            }

            list.Add(new AlertDelivery(
                r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetInt32(6),
                r.IsDBNull(7) ? null : r.GetString(7), Utc(r.GetDateTime(8)), Utc(r.GetDateTime(9)), UtcOrNull(r, 10), []));
        }

        return byEvent;
    }

    private static NpgsqlBatchCommand Filtered(string sql, AlertQuery query)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string?>("source", NpgsqlDbType.Text) { TypedValue = query.Source is null ? null : StorableAlertEvent.Source(query.Source) });
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", NpgsqlDbType.Text) { TypedValue = query.Kind is null ? null : StorableAlertEvent.Kind(query.Kind) });
        command.Parameters.Add(new NpgsqlParameter<string?>("state", NpgsqlDbType.Text) { TypedValue = query.DeliveryState });
        return command;
    }

    private static NpgsqlBatchCommand WithId(string sql, string eventId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("id", NpgsqlDbType.Text, eventId);
        return command;
    }
}

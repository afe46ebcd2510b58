using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <content>
/// Delivering. A claim leases due deliveries in one statement that skips rows another relay (or the
/// planner) holds locked, so two relays never claim one delivery; an attempt is recorded in one
/// transaction with the delivery's row locked. Neither is retried: each changes what it finds.
/// </content>
public sealed partial class PostgresAlertStore
{
    private const string Claim = """
        UPDATE alert_deliveries SET lease_owner = @owner, lease_until = @until
        WHERE delivery_id IN (
            SELECT delivery_id FROM alert_deliveries
            WHERE state = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY due_at, seq LIMIT @max
            FOR UPDATE SKIP LOCKED)
        RETURNING delivery_id, subscription_id, kind, source, event_count, attempts, created_at, due_at, seq
        """;

    private const string CarriedEvents = $"""
        SELECT c.id, {EventColumns}
        FROM unnest(@ids) AS c(id)
        CROSS JOIN LATERAL (
            SELECT x.* FROM alert_delivery_events de JOIN alert_events x ON x.event_id = de.event_id
            WHERE de.delivery_id = c.id ORDER BY x.raised_at, x.event_id LIMIT @carried) e
        """;

    private const string Record = """
        WITH d AS (SELECT delivery_id, attempts, state = 'pending' AND lease_owner = @owner AS owned FROM alert_deliveries WHERE delivery_id = @id FOR UPDATE),
        logged AS (
            INSERT INTO alert_attempts (delivery_id, number, at, status_code, error, duration_ms)
            SELECT delivery_id, attempts + 1, @at, @status, @error, @duration FROM d)
        UPDATE alert_deliveries a SET
            attempts = d.attempts + 1, last_status = @status, last_error = @error,
            state = CASE WHEN d.owned THEN @state ELSE a.state END,
            due_at = CASE WHEN d.owned AND @state = 'pending' THEN @due ELSE a.due_at END,
            delivered_at = CASE WHEN d.owned AND @state = 'delivered' THEN @at ELSE a.delivered_at END,
            lease_owner = CASE WHEN d.owned THEN NULL ELSE a.lease_owner END,
            lease_until = CASE WHEN d.owned THEN NULL ELSE a.lease_until END
        FROM d WHERE a.delivery_id = d.delivery_id
        RETURNING d.owned
        """;

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int max, DateTime now, TimeSpan lease, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        now = StorableAlertEvent.Time(now);
        var until = StorableAlertEvent.Time(now + lease);
        if (max <= 0)
        {
            return Task.FromResult<IReadOnlyList<ClaimedDelivery>>([]);
        }

        return DatabaseDeadline.RunAsync(ct => ClaimInTransactionAsync(max, now, until, owner, ct), DatabaseDeadline.Of(dataSource), cancellationToken);
    }

    public Task<bool> RecordAttemptAsync(string deliveryId, string owner, DeliveryAttempt attempt, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        AlertOutcomes.Check(outcome);
        return DatabaseDeadline.RunAsync(ct => RecordOnceAsync(deliveryId, owner, attempt, outcome, ct), DatabaseDeadline.Of(dataSource), cancellationToken);
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimInTransactionAsync(int max, DateTime now, DateTime until, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new List<(ClaimedDelivery Delivery, DateTime Due, long Seq)>();
        await using (var claim = new NpgsqlCommand(Claim, connection, transaction))
        {
            claim.Parameters.AddWithValue("owner", NpgsqlDbType.Text, owner);
            claim.Parameters.AddWithValue("until", NpgsqlDbType.TimestampTz, until);
            claim.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            claim.Parameters.AddWithValue("max", max);
            await using var r = await claim.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                claimed.Add((
                    new ClaimedDelivery(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), Utc(r.GetDateTime(6)), []),
                    r.GetDateTime(7), r.GetInt64(8)));
            }
        }

        var events = new Dictionary<string, List<AlertEvent>>(StringComparer.Ordinal);
        if (claimed.Count > 0)
        {
            await using var read = new NpgsqlCommand(CarriedEvents, connection, transaction);
            read.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, claimed.Select(c => c.Delivery.DeliveryId).ToArray());
            read.Parameters.AddWithValue("carried", ClaimedDelivery.MaxEventsCarried);
            await using var r = await read.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var id = r.GetString(0);
                if (!events.TryGetValue(id, out var carried))
                {
                    events[id] = carried = [];
                }

                carried.Add(ReadEvent(r, 1).Event);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return
        [
            .. claimed.OrderBy(c => c.Due).ThenBy(c => c.Seq)
                .Select(c => c.Delivery with { Events = events.GetValueOrDefault(c.Delivery.DeliveryId) ?? [] }),
        ];
    }

    private async Task<bool> RecordOnceAsync(string deliveryId, string owner, DeliveryAttempt attempt, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var at = StorableAlertEvent.Time(attempt.At);
        await using var command = dataSource.CreateCommand(Record);
        var p = command.Parameters;
        p.AddWithValue("id", NpgsqlDbType.Text, deliveryId);
        p.AddWithValue("owner", NpgsqlDbType.Text, owner);
        p.AddWithValue("at", NpgsqlDbType.TimestampTz, at);
        p.Add(new NpgsqlParameter<int?>("status", NpgsqlDbType.Integer) { TypedValue = attempt.StatusCode });
        p.Add(new NpgsqlParameter<string?>("error", NpgsqlDbType.Text) { TypedValue = StorableAlertEvent.Error(attempt.Error) });
        p.AddWithValue("duration", NpgsqlDbType.Double, attempt.DurationMs);
        p.AddWithValue("state", NpgsqlDbType.Text, outcome.State);
        p.AddWithValue("due", NpgsqlDbType.TimestampTz, StorableAlertEvent.Time(outcome.NextDueAt ?? at));
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}

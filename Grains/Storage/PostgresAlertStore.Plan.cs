using Kasparro.Grains.Interfaces.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <content>
/// Planning, in one transaction under an advisory lock: one planner at a time across silos (a silo
/// that does not get the lock plans nothing: another is planning). The groups' last deliveries are
/// locked while a repeat may join them, so a relay cannot claim one in the same moment (its claim
/// skips locked rows; a claim that came first is seen, and the delivery then takes no more events).
/// </content>
public sealed partial class PostgresAlertStore
{
    /// <summary>The planner's transaction-scoped advisory lock ("KASALRTP").</summary>
    public const long PlanLockKey = 0x4B4153414C525450;

    private const string CancelUnwanted = """
        UPDATE alert_deliveries SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
        WHERE state = 'pending' AND NOT (subscription_id = ANY(@enabled)) AND (lease_until IS NULL OR lease_until <= @now)
        """;

    private const string LastOfGroups = """
        SELECT d.delivery_id, d.subscription_id, d.kind, d.source, d.state, d.attempts, d.lease_owner IS NOT NULL, d.created_at, d.due_at
        FROM unnest(@subscriptions, @kinds, @sources) AS g(subscription_id, kind, source)
        CROSS JOIN LATERAL (
            SELECT x.delivery_id FROM alert_deliveries x
            WHERE x.subscription_id = g.subscription_id AND x.kind = g.kind AND x.source = g.source
            ORDER BY x.seq DESC LIMIT 1) last
        JOIN alert_deliveries d ON d.delivery_id = last.delivery_id
        FOR UPDATE OF d
        """;

    private const string InsertDeliveries = """
        INSERT INTO alert_deliveries (delivery_id, subscription_id, kind, source, event_count, created_at, due_at)
        SELECT u.id, u.subscription_id, u.kind, u.source, u.n, @now, u.due
        FROM unnest(@ids, @subscriptions, @kinds, @sources, @counts, @dues) WITH ORDINALITY AS u(id, subscription_id, kind, source, n, due, ord)
        ORDER BY u.ord
        """;

    private const string Join = """
        UPDATE alert_deliveries d SET event_count = d.event_count + u.n
        FROM unnest(@ids, @counts) AS u(id, n) WHERE d.delivery_id = u.id
        """;

    private const string Link = """
        INSERT INTO alert_delivery_events (delivery_id, event_id) SELECT * FROM unnest(@deliveries, @events) ON CONFLICT DO NOTHING
        """;

    public async Task<int> PlanAsync(
        Func<CancellationToken, Task<IReadOnlyList<WebhookSubscription>>> readSubscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readSubscriptions);
        now = StorableAlertEvent.Time(now);
        // The events first, then the subscriptions, then the plan of those events only: every event
        // planned was raised before the subscriptions were read, so a subscription stored before an
        // event was raised is never missed. The subscriptions are read outside any transaction and
        // deadline of the database's: a grain call may take long while a silo is lost.
        var ids = await DatabaseDeadline.RunIdempotentAsync(dataSource, ReadUnplannedIdsAsync, cancellationToken);
        var subscriptions = await readSubscriptions(cancellationToken);
        // One transaction: should the connection die after it committed, planning again finds nothing left to plan.
        return await DatabaseDeadline.RunIdempotentAsync(
            dataSource, ct => PlanInTransactionAsync(subscriptions, ids, groupWindow, now, ct), cancellationToken);
    }

    private async Task<string[]> ReadUnplannedIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT event_id FROM alert_events WHERE planned_at IS NULL", connection);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await r.ReadAsync(cancellationToken))
        {
            ids.Add(r.GetString(0));
        }

        return [.. ids];
    }

    private async Task<int> PlanInTransactionAsync(
        IReadOnlyList<WebhookSubscription> subscriptions, string[] ids, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", PlanLockKey);
            if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        // Those events, unless another planner took them meanwhile.
        var unplanned = ids.Length == 0 ? [] : await ReadUnplannedAsync(connection, transaction, ids, cancellationToken);
        await using (var cancel = new NpgsqlCommand(CancelUnwanted, connection, transaction))
        {
            cancel.Parameters.AddWithValue("enabled", NpgsqlDbType.Array | NpgsqlDbType.Text, subscriptions.Where(s => s.Enabled).Select(s => s.Id).ToArray());
            cancel.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            await cancel.ExecuteNonQueryAsync(cancellationToken);
        }

        if (unplanned.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var known = await LockLastOfGroupsAsync(connection, transaction, subscriptions, unplanned, cancellationToken);
        var planner = new AlertPlanner(subscriptions, groupWindow, now, g => known.GetValueOrDefault(g));
        foreach (var (id, kind, source) in unplanned)
        {
            planner.Plan(id, kind, source);
        }

        await WritePlanAsync(connection, transaction, planner.Touched, unplanned.Select(e => e.Id).ToArray(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return unplanned.Count;
    }

    private static async Task<List<(string Id, string Kind, string Source)>> ReadUnplannedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT event_id, kind, source FROM alert_events WHERE planned_at IS NULL AND event_id = ANY(@ids) ORDER BY raised_at, event_id",
            connection,
            transaction);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<(string, string, string)>();
        while (await r.ReadAsync(cancellationToken))
        {
            events.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return events;
    }

    private static async Task<Dictionary<(string Subscription, string Kind, string Source), AlertGroupTip>> LockLastOfGroupsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<WebhookSubscription> subscriptions,
        List<(string Id, string Kind, string Source)> events, CancellationToken cancellationToken)
    {
        // The groups this plan touches, probed with a planner that knows no deliveries (it only names groups).
        var probe = new AlertPlanner(subscriptions, TimeSpan.Zero, DateTime.MinValue, _ => null);
        var groups = events.Select(e => (e.Kind, e.Source)).Distinct().SelectMany(e => probe.GroupsOf(e.Kind, e.Source)).Distinct().ToArray();
        var known = new Dictionary<(string Subscription, string Kind, string Source), AlertGroupTip>();
        if (groups.Length == 0)
        {
            return known;
        }

        await using var command = new NpgsqlCommand(LastOfGroups, connection, transaction);
        command.Parameters.AddWithValue("subscriptions", NpgsqlDbType.Array | NpgsqlDbType.Text, groups.Select(g => g.Subscription).ToArray());
        command.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, groups.Select(g => g.Kind).ToArray());
        command.Parameters.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, groups.Select(g => g.Source).ToArray());
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var tip = new AlertGroupTip(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetBoolean(6),
                Utc(r.GetDateTime(7)), Utc(r.GetDateTime(8)), isNew: false);
            known[(tip.SubscriptionId, tip.Kind, tip.Source)] = tip;
        }

        return known;
    }

    private static async Task WritePlanAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AlertGroupTip> touched, string[] planned, DateTime now, CancellationToken cancellationToken)
    {
        var made = touched.Where(t => t.IsNew).ToArray();
        var joined = touched.Where(t => !t.IsNew).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(InsertDeliveries);
        insert.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, made.Select(t => t.DeliveryId).ToArray());
        insert.Parameters.AddWithValue("subscriptions", NpgsqlDbType.Array | NpgsqlDbType.Text, made.Select(t => t.SubscriptionId).ToArray());
        insert.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, made.Select(t => t.Kind).ToArray());
        insert.Parameters.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, made.Select(t => t.Source).ToArray());
        insert.Parameters.AddWithValue("counts", NpgsqlDbType.Array | NpgsqlDbType.Integer, made.Select(t => t.Added.Count).ToArray());
        insert.Parameters.AddWithValue("dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, made.Select(t => t.DueAt).ToArray());
        insert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        batch.BatchCommands.Add(insert);

        var join = new NpgsqlBatchCommand(Join);
        join.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, joined.Select(t => t.DeliveryId).ToArray());
        join.Parameters.AddWithValue("counts", NpgsqlDbType.Array | NpgsqlDbType.Integer, joined.Select(t => t.Added.Count).ToArray());
        batch.BatchCommands.Add(join);

        var link = new NpgsqlBatchCommand(Link);
        link.Parameters.AddWithValue("deliveries", NpgsqlDbType.Array | NpgsqlDbType.Text, touched.SelectMany(t => t.Added.Select(_ => t.DeliveryId)).ToArray());
        link.Parameters.AddWithValue("events", NpgsqlDbType.Array | NpgsqlDbType.Text, touched.SelectMany(t => t.Added).ToArray());
        batch.BatchCommands.Add(link);

        var mark = new NpgsqlBatchCommand("UPDATE alert_events SET planned_at = @now WHERE event_id = ANY(@ids)");
        mark.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, planned);
        mark.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        batch.BatchCommands.Add(mark);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}

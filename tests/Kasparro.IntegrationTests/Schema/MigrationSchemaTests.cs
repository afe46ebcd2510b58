using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>The migrations as a whole: idempotent through the migrator, complete query registry, column types.</summary>
public sealed class MigrationSchemaTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    // Every key the three 10.4.2 providers look up (the optional ones included: this schema installs them).
    private static readonly string[] ProviderKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact]
    public async Task Running_the_migrator_twice_applies_nothing_the_second_time()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("migrate");
        try
        {
            var first = await SchemaMigrator.MigrateAsync(cs, NullLogger.Instance);
            var second = await SchemaMigrator.MigrateAsync(cs, NullLogger.Instance);

            Assert.Equal(SchemaMigrator.ScriptNames, first);
            Assert.Contains(first, n => n.EndsWith("0002_orleans_clustering.sql", StringComparison.Ordinal));
            Assert.Empty(second);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task The_registry_holds_every_provider_key_exactly_once()
    {
        var keys = await ReadColumnAsync("SELECT querykey FROM orleansquery");

        Assert.Empty(ProviderKeys.Except(keys, StringComparer.Ordinal));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task Orleans_objects_are_lower_case_and_typed_as_the_providers_read_them()
    {
        var columns = await ReadColumnAsync(
            """
            SELECT table_name || '.' || column_name || ':' || data_type
                   || coalesce('(' || datetime_precision || ')', '')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name LIKE 'orleans%'
            """);

        Assert.All(columns, c => Assert.Equal(c.ToLowerInvariant(), c));
        Assert.Contains("orleansmembershiptable.starttime:timestamp with time zone(3)", columns);
        Assert.Contains("orleansmembershiptable.iamalivetime:timestamp with time zone(3)", columns);
        Assert.Contains("orleansmembershiptable.address:character varying", columns);
        Assert.Contains("orleansreminderstable.starttime:timestamp with time zone(3)", columns);
        Assert.Contains("orleansreminderstable.period:bigint", columns);
        Assert.Contains("orleansreminderstable.grainid:character varying", columns);
        Assert.Contains("orleansstorage.payloadbinary:bytea", columns);
        Assert.Contains("orleansstorage.version:integer", columns);
        Assert.Contains("orleansquery.querytext:character varying", columns);

        var encoding = await ReadColumnAsync("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()");
        Assert.Equal(["UTF8"], encoding);
    }

    [Fact]
    public async Task Rejected_records_keep_the_size_of_a_capped_payload()
    {
        var columns = await ReadColumnAsync(
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'rejected_records'");

        Assert.Contains("raw_payload:text", columns);
        Assert.Contains("payload_length:bigint", columns);
    }

    [Fact]
    public async Task Source_events_hold_the_audit_trail_with_an_index_for_paging_one_source_newest_first()
    {
        Assert.Contains(SchemaMigrator.ScriptNames, n => n.EndsWith("0011_source_events.sql", StringComparison.Ordinal));
        var columns = await ReadColumnAsync(
            """
            SELECT column_name || ':' || data_type || ':' || is_nullable FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'source_events' ORDER BY ordinal_position
            """);
        Assert.Equal(
            [
                "event_id:uuid:NO", "source:text:NO", "at:timestamp with time zone:NO", "kind:text:NO", "changed_by:text:NO",
                "version:bigint:YES", "changes:jsonb:NO", "detail:text:NO",
            ],
            columns);

        var indexes = await ReadColumnAsync("SELECT indexdef FROM pg_indexes WHERE tablename = 'source_events' ORDER BY indexname");
        Assert.Contains(indexes, d => d.EndsWith("USING btree (source, at DESC, event_id DESC)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.Contains("pk_source_events", StringComparison.Ordinal) && d.EndsWith("(event_id)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_alert_outbox_has_its_tables_the_delivery_states_checked_and_indexes_for_planning_claiming_and_paging()
    {
        Assert.Contains(SchemaMigrator.ScriptNames, n => n.EndsWith("0012_alerts.sql", StringComparison.Ordinal));
        var tables = await ReadColumnAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'alert%' ORDER BY table_name");
        Assert.Equal(["alert_attempts", "alert_deliveries", "alert_delivery_events", "alert_events"], tables);

        var indexes = await ReadColumnAsync("SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'alert%' ORDER BY indexname");
        Assert.Contains(indexes, d => d.Contains("ix_alert_events_unplanned", StringComparison.Ordinal) && d.EndsWith("WHERE (planned_at IS NULL)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.EndsWith("USING btree (raised_at DESC, event_id DESC)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.EndsWith("USING btree (source, raised_at DESC, event_id DESC)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.Contains("(due_at, seq) WHERE (state = 'pending'::text)", StringComparison.Ordinal));
        Assert.Contains(indexes, d => d.Contains("pk_alert_attempts", StringComparison.Ordinal) && d.EndsWith("(delivery_id, number)", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(
            db.ConnectionString,
            "INSERT INTO alert_deliveries (delivery_id, subscription_id, kind, source, state, created_at, due_at) VALUES ('msg_x', 's', 'k', 'c', 'lost', now(), now())"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    private async Task<List<string>> ReadColumnAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

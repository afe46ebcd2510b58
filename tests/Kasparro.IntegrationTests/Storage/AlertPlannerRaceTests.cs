using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// PostgreSQL's planner lock: silos planning at the same moment (each its own store and pool, as
/// silos are) plan every event once, into one delivery per subscription and group.
/// </summary>
public sealed class AlertPlannerRaceTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Planners_running_at_once_plan_each_event_once()
    {
        await TestPostgres.ExecuteAsync(db.ConnectionString, "TRUNCATE alert_attempts, alert_delivery_events, alert_deliveries, alert_events");
        var silos = Enumerable.Range(0, 4)
            .Select(i => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = $"planner-{i}" }.ConnectionString))
            .ToArray();
        try
        {
            var stores = silos.Select(s => new PostgresAlertStore(s, NullLogger<PostgresAlertStore>.Instance)).ToArray();
            var sources = new[] { "csv", "rss", "coingecko" };
            var planned = 0;
            for (var round = 0; round < 5; round++)
            {
                var now = T0.AddSeconds(round);
                await stores[0].RaiseAsync(
                    [.. Enumerable.Range(0, 60).Select(i => Event($"r{round}-{i:D2}", source: sources[i % 3]))], CancellationToken.None);
                var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.Plan(now, Minute, Subscription("a"), Subscription("b")))));
                planned += results.Sum();
                // The lock is not a queue: whoever missed it plans nothing, and a plan after the winner finds nothing left.
                planned += await stores[1].Plan(now, Minute, Subscription("a"), Subscription("b"));
            }

            Assert.Equal(300, planned);
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM alert_events WHERE planned_at IS NULL"));
            // Every event in exactly one delivery per subscription; per group one sent at once and one grouped.
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(
                db.ConnectionString,
                """
                SELECT count(*) FROM (
                    SELECT de.event_id, d.subscription_id FROM alert_delivery_events de JOIN alert_deliveries d USING (delivery_id)
                    GROUP BY de.event_id, d.subscription_id HAVING count(*) <> 1) wrong
                """));
            Assert.Equal(600L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM alert_delivery_events"));
            Assert.Equal(12L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM alert_deliveries"));
            Assert.Equal(600L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT sum(event_count) FROM alert_deliveries"));
        }
        finally
        {
            foreach (var s in silos)
            {
                await s.DisposeAsync();
            }
        }
    }
}

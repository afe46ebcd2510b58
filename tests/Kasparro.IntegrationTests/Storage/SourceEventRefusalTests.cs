using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.SourceEventStores;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// The last line of the audit trail's append: should PostgreSQL refuse an event for its data even
/// after its text was made storable (here a constraint the test adds stands in for whatever that may
/// be), the other events of the append land and the refused one is stored as a placeholder, so the
/// registry's outbox drains instead of retrying the same append without end.
/// </summary>
public sealed class SourceEventRefusalTests
{
    [Fact]
    public async Task An_event_the_database_refuses_is_stored_as_a_placeholder_and_the_rest_of_the_append_lands()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("events_refused");
        try
        {
            await TestPostgres.ExecuteAsync(database, "ALTER TABLE source_events ADD CONSTRAINT ck_test_refusal CHECK (detail NOT LIKE '%refuse me%')");
            await using var postgres = NpgsqlDataSource.Create(database);
            var logger = new FakeLogger<PostgresSourceEventStore>();
            var store = new PostgresSourceEventStore(postgres, logger);
            var refused = Event("refusals", T0.AddMinutes(1), changes: new Dictionary<string, SettingChange> { ["Url"] = new("a", "b") }, detail: "please refuse me");
            var kept = new[] { Event("refusals", T0), Event("refusals", T0.AddMinutes(2)) };

            await store.AppendAsync([kept[0], refused, kept[1]], CancellationToken.None);
            await store.AppendAsync([kept[0], refused, kept[1]], CancellationToken.None);

            var page = await store.PageAsync("refusals", null, new PageRequest(1, 10), CancellationToken.None);
            Assert.Equal([kept[1].EventId, refused.EventId, kept[0].EventId], page.Items.Select(e => e.EventId));
            Assert.Equal([Text(kept[1]), Text(kept[0])], new[] { page.Items[0], page.Items[2] }.Select(Text));
            var placeholder = page.Items[1];
            Assert.Equal((refused.Kind, refused.By, refused.Version, refused.At, 0), (placeholder.Kind, placeholder.By, placeholder.Version, placeholder.At, placeholder.Changes.Count));
            Assert.StartsWith("(event stored without its changes and detail: 23514: ", placeholder.Detail, StringComparison.Ordinal);

            var lines = logger.Collector.GetSnapshot();
            Assert.Equal([2050, 2051], lines.Select(l => l.Id.Id).Take(2));
            Assert.Contains(refused.EventId.ToString(), lines[1].Message, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}

using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.SourceEventStores;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// The audit trail's contract, against a real PostgreSQL and the in-memory store with the same
/// events and the same expected answers: newest first with ties broken by event id, pages and their
/// totals, a kind filter, and appends that may come again (the registry's outbox retries).
/// </summary>
public sealed class SourceEventStoreTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Events_page_newest_first_with_ties_ordered_by_event_id_descending(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("order", kind);
        // Written out of order; three share one moment, and their ids decide among them.
        var tied = new[] { Guid.Parse("00000000-0000-0000-0000-0000000000aa"), Guid.Parse("ffffffff-0000-0000-0000-000000000001"), Guid.Parse("80000000-0000-0000-0000-000000000000") };
        var events = new[]
        {
            Event(source, T0.AddMinutes(1), SourceEventKinds.Paused),
            Event(source, T0.AddMinutes(5), id: tied[0]),
            Event(source, T0, SourceEventKinds.Created),
            Event(source, T0.AddMinutes(5), id: tied[1]),
            Event(source, T0.AddMinutes(9), SourceEventKinds.Resumed),
            Event(source, T0.AddMinutes(5), id: tied[2]),
            Event(source, T0.AddMinutes(2), SourceEventKinds.Reset),
        };
        await store.AppendAsync(events[..4], CancellationToken.None);
        await store.AppendAsync(events[4..], CancellationToken.None);
        await store.AppendAsync([Event(Source("other", kind), T0.AddDays(1))], CancellationToken.None);

        Guid[] expected = [events[4].EventId, tied[1], tied[2], tied[0], events[6].EventId, events[0].EventId, events[2].EventId];
        var all = await store.PageAsync(source, null, new PageRequest(1, 100), CancellationToken.None);
        Assert.Equal(expected, all.Items.Select(e => e.EventId));
        Assert.Equal(7, all.TotalItems);
        Assert.Equal(1, all.TotalPages);

        var pages = new List<Page<SourceEvent>>();
        for (var n = 1; n <= 4; n++)
        {
            pages.Add(await store.PageAsync(source, null, new PageRequest(n, 3), CancellationToken.None));
        }

        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(e => e.EventId));
        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal((7L, 3L), (p.TotalItems, p.TotalPages)));

        var last = await store.PageAsync(source, null, new PageRequest(7, 1), CancellationToken.None);
        Assert.Equal([events[2].EventId], last.Items.Select(e => e.EventId));
        var far = await store.PageAsync(source, null, new PageRequest(int.MaxValue, 100), CancellationToken.None);
        Assert.Empty(far.Items);
        Assert.Equal(7, far.TotalItems);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_kind_filter_pages_and_counts_only_that_kind(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("kind", kind);
        var paused = Enumerable.Range(0, 3).Select(i => Event(source, T0.AddHours(i), SourceEventKinds.Paused)).ToArray();
        await store.AppendAsync([.. paused, Event(source, T0.AddHours(5), SourceEventKinds.Resumed), Event(source, T0.AddHours(6))], CancellationToken.None);

        var page = await store.PageAsync(source, SourceEventKinds.Paused, new PageRequest(1, 2), CancellationToken.None);
        Assert.Equal([paused[2].EventId, paused[1].EventId], page.Items.Select(e => e.EventId));
        Assert.Equal(3, page.TotalItems);
        var none = await store.PageAsync(source, SourceEventKinds.Purged, new PageRequest(1, 2), CancellationToken.None);
        Assert.Equal((0, 0L), (none.Items.Count, none.TotalItems));
        var unknown = await store.PageAsync(Source("never", kind), null, new PageRequest(1, 2), CancellationToken.None);
        Assert.Equal((0, 0L, 0L), (unknown.Items.Count, unknown.TotalItems, unknown.TotalPages));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Appending_an_event_again_keeps_the_first_copy_and_stores_nothing_twice(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("again", kind);
        var first = Event(source, T0, SourceEventKinds.Created, detail: "first copy");
        var second = Event(source, T0.AddMinutes(1));

        await store.AppendAsync([first], CancellationToken.None);
        // The outbox sends the whole list again (the first append's answer was lost), the same event twice in one list too,
        // and an event whose id is taken but whose text differs: the stored one stays.
        await store.AppendAsync([first, second, second], CancellationToken.None);
        await store.AppendAsync([first with { Detail = "a changed copy", At = T0.AddDays(1) }, second], CancellationToken.None);
        await store.AppendAsync([], CancellationToken.None);

        var page = await store.PageAsync(source, null, new PageRequest(1, 10), CancellationToken.None);
        Assert.Equal([Text(second), Text(first)], page.Items.Select(Text));
        Assert.Equal(2, page.TotalItems);
        if (kind == "postgres")
        {
            Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, $"SELECT count(*) FROM source_events WHERE source = '{source}'"));
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Concurrent_appends_of_the_same_events_store_each_once(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("race", kind);
        var events = Enumerable.Range(0, 20).Select(i => Event(source, T0.AddSeconds(i))).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.AppendAsync([.. events.Skip(i).Concat(events.Take(i))], CancellationToken.None))));

        var page = await store.PageAsync(source, null, new PageRequest(1, 100), CancellationToken.None);
        Assert.Equal(events.Reverse().Select(e => e.EventId), page.Items.Select(e => e.EventId));
        Assert.Equal(20, page.TotalItems);
    }
}

using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// The alert outbox's contract, against a real PostgreSQL and the in-memory store with the same
/// calls and the same expected answers: idempotent raises, the fan-out to the subscriptions that
/// want an event, cancelling what nobody wants any more, and the grouping of repeats.
/// </summary>
public sealed partial class AlertStoreTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Raising_an_event_again_keeps_the_first_copy_and_stores_it_once(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        var first = Event("run.failed:1", summary: "first copy");

        await store.RaiseAsync([first], CancellationToken.None);
        await store.RaiseAsync([first with { Summary = "a changed copy" }, first], CancellationToken.None);
        await store.RaiseAsync([], CancellationToken.None);

        var page = await store.PageAsync(new AlertQuery(null, null, null), new(1, 10), CancellationToken.None);
        Assert.Equal(["first copy"], page.Items.Select(a => a.Event.Summary));
        Assert.Equal(1, page.TotalItems);
        Assert.Equal(1, await store.Plan(T0, Minute, Subscription("all")));
        Assert.Equal(0, await store.Plan(T0, Minute, Subscription("all")));
        Assert.Single((await store.Get(first.Id)).Deliveries);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_plan_fans_an_event_out_to_each_enabled_subscription_that_wants_its_kind_and_source(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        WebhookSubscription[] subscriptions =
        [
            Subscription("all"), Subscription("failures", kinds: [AlertKinds.RunFailed]), Subscription("rss-only", sources: ["rss"]),
            Subscription("csv-drift", kinds: [AlertKinds.DriftDetected], sources: ["csv"]), Subscription("off", enabled: false),
        ];
        await store.RaiseAsync([Event("e1"), Event("e2", AlertKinds.DriftDetected), Event("e3", source: "rss"), Event("e4", AlertKinds.SourcePaused, "coingecko")], CancellationToken.None);

        Assert.Equal(4, await store.Plan(T0, Minute, subscriptions));

        async Task<string[]> To(string id) => [.. (await store.Get(id)).Deliveries.Select(d => d.SubscriptionId).Order(StringComparer.Ordinal)];
        Assert.Equal(["all", "failures"], await To("e1"));
        Assert.Equal(["all", "csv-drift"], await To("e2"));
        Assert.Equal(["all", "failures", "rss-only"], await To("e3"));
        Assert.Equal(["all"], await To("e4"));
        var delivery = (await store.Get("e1")).Deliveries[0];
        Assert.Equal((AlertDeliveryStates.Pending, 1, 0, T0, T0), (delivery.State, delivery.EventCount, delivery.Attempts, delivery.CreatedAt, delivery.DueAt));
        Assert.StartsWith("msg_", delivery.DeliveryId, StringComparison.Ordinal);
        Assert.Equal(36, delivery.DeliveryId.Length);
        Assert.Equal(new AlertCounts(8, 0, 0, 0), await store.CountsAsync(CancellationToken.None));
        Assert.Equal(0, await store.Plan(T0.AddSeconds(1), Minute, subscriptions));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Pending_deliveries_of_a_subscription_deleted_or_disabled_are_cancelled_once_no_lease_runs(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("e1"), Event("e2", source: "rss"), Event("e3", source: "coingecko")], CancellationToken.None);
        await store.Plan(T0, TimeSpan.Zero, Subscription("kept"), Subscription("disabled"), Subscription("deleted"));
        // One delivery of each went out already; one of "deleted" is being sent right now.
        var sent = await store.Claim(T0, max: 100);
        foreach (var d in sent.Where(d => d.Source == "csv"))
        {
            Assert.True(await store.Record(d.DeliveryId, "silo-a", T0, DeliveryOutcome.Delivered, 200));
        }

        var inFlight = sent.Single(d => d.Source == "rss" && d.SubscriptionId == "deleted");
        foreach (var d in sent.Where(d => d.Source != "csv" && d != inFlight))
        {
            Assert.True(await store.Record(d.DeliveryId, "silo-a", T0, DeliveryOutcome.RetryAt(T0.AddMinutes(5))));
        }

        await store.Plan(T0.AddSeconds(10), TimeSpan.Zero, Subscription("kept"), Subscription("disabled", enabled: false));

        string States(AlertRecord a) => string.Join(',', a.Deliveries.OrderBy(d => d.SubscriptionId, StringComparer.Ordinal).Select(d => $"{d.SubscriptionId}:{d.State}"));
        Assert.Equal("deleted:delivered,disabled:delivered,kept:delivered", States(await store.Get("e1")));
        Assert.Equal("deleted:pending,disabled:cancelled,kept:pending", States(await store.Get("e2")));
        Assert.Equal("deleted:cancelled,disabled:cancelled,kept:pending", States(await store.Get("e3")));

        // Its lease ran out: nobody is sending it any more, so it is cancelled too, and the late sender is told it lost it.
        await store.Plan(T0.AddMinutes(1), TimeSpan.Zero, Subscription("kept"));
        Assert.Equal("deleted:cancelled,disabled:cancelled,kept:pending", States(await store.Get("e2")));
        Assert.False(await store.Record(inFlight.DeliveryId, "silo-a", T0.AddMinutes(1), DeliveryOutcome.Delivered, 200));
        Assert.Equal(new AlertCounts(2, 3, 0, 4), await store.CountsAsync(CancellationToken.None));
        Assert.Empty(await store.Claim(T0.AddMinutes(4)));
        Assert.Equal(["kept", "kept"], (await store.Claim(T0.AddMinutes(5))).Select(d => d.SubscriptionId));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_burst_of_100_events_of_one_kind_and_source_within_the_window_is_two_deliveries_of_1_and_99(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        var hook = Subscription("ops");
        await store.RaiseAsync([Event("other-source", source: "rss")], CancellationToken.None);
        // As a relay sees a burst: raised one by one, planned every half second, the first sent at once.
        var claims = new List<ClaimedDelivery>();
        for (var i = 0; i < 100; i++)
        {
            var now = T0.AddSeconds(i * 0.5);
            await store.RaiseAsync([Event($"burst-{i:D3}", at: now)], CancellationToken.None);
            await store.Plan(now, Minute, hook);
            foreach (var claimed in await store.Claim(now))
            {
                claims.Add(claimed);
                Assert.True(await store.Record(claimed.DeliveryId, "silo-a", now, DeliveryOutcome.Delivered, 200));
            }
        }

        Assert.Equal([("csv", 1), ("rss", 1)], claims.Select(c => (c.Source, c.EventCount)).Order());
        Assert.Equal(["burst-000"], claims.Single(c => c.Source == "csv").Events.Select(e => e.Id));
        var rest = Assert.Single(await store.Claim(T0.AddMinutes(1)));
        Assert.Equal((99, 0), (rest.EventCount, rest.Attempts));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"burst-{i:D3}"), rest.Events.Select(e => e.Id));

        var first = await store.Get("burst-000");
        var last = await store.Get("burst-099");
        Assert.Equal(1, first.Deliveries.Single().EventCount);
        Assert.Equal((99, T0.AddSeconds(0.5), T0.AddMinutes(1)), (last.Deliveries.Single().EventCount, last.Deliveries.Single().CreatedAt, last.Deliveries.Single().DueAt));
        Assert.Equal(new AlertCounts(1, 2, 0, 0), await store.CountsAsync(CancellationToken.None));

        // The grouped delivery went out at 60 s: the next repeat waits for a window after that, one message per window.
        await store.RaiseAsync([Event("after")], CancellationToken.None);
        await store.Plan(T0.AddSeconds(60), Minute, hook);
        var after = (await store.Get("after")).Deliveries.Single();
        Assert.Equal((1, T0.AddMinutes(2)), (after.EventCount, after.DueAt));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task With_a_zero_window_nothing_is_grouped(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([.. Enumerable.Range(0, 100).Select(i => Event($"burst-{i:D3}", at: T0.AddSeconds(i * 0.5)))], CancellationToken.None);

        Assert.Equal(100, await store.Plan(T0, TimeSpan.Zero, Subscription("ops")));

        var claimed = await store.Claim(T0);
        Assert.Equal(100, claimed.Count);
        Assert.All(claimed, c => Assert.Equal(1, c.EventCount));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"burst-{i:D3}"), claimed.Select(c => c.Events.Single().Id));
    }
}

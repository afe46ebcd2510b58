using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <content>Reads: pages newest first with filters and totals, one alert with its attempts, counts.</content>
public sealed partial class AlertStoreTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Alerts_page_newest_first_filtered_by_source_kind_and_delivery_state_with_totals(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        // Ids rise with the raise, so raised time and id agree on the order (one raise shares one moment: the id decides).
        await store.RaiseAsync([Event("a1"), Event("a2", AlertKinds.DriftDetected), Event("a3", source: "rss")], CancellationToken.None);
        await store.Plan(T0, TimeSpan.Zero, Subscription("ops"), Subscription("rss-only", sources: ["rss"]));
        await store.RaiseAsync([Event("b1", source: "rss"), Event("b2")], CancellationToken.None);
        foreach (var c in await store.Claim(T0, max: 2))
        {
            await store.Record(c.DeliveryId, "silo-a", T0, DeliveryOutcome.Delivered, 200);
        }

        // "ids / total", so that a failure shows both.
        async Task<string> Page(AlertQuery query, int number = 1, int size = 10)
        {
            var page = await store.PageAsync(query, new PageRequest(number, size), CancellationToken.None);
            return $"{string.Join(',', page.Items.Select(a => a.Event.Id))} / {page.TotalItems}";
        }

        Assert.Equal("b2,b1,a3,a2,a1 / 5", await Page(new AlertQuery(null, null, null)));
        Assert.Equal("a3,a2 / 5", await Page(new AlertQuery(null, null, null), number: 2, size: 2));
        Assert.Equal(" / 5", await Page(new AlertQuery(null, null, null), number: int.MaxValue, size: 100));
        Assert.Equal("b1,a3 / 2", await Page(new AlertQuery("rss", null, null)));
        Assert.Equal("b2,b1,a3,a1 / 4", await Page(new AlertQuery(null, AlertKinds.RunFailed, null)));
        Assert.Equal("a3 / 1", await Page(new AlertQuery("rss", AlertKinds.RunFailed, AlertDeliveryStates.Pending)));
        Assert.Equal(" / 0", await Page(new AlertQuery("csv", AlertKinds.RunFailed, AlertDeliveryStates.Pending)));
        Assert.Equal("a2,a1 / 2", await Page(new AlertQuery(null, null, AlertDeliveryStates.Delivered)));
        Assert.Equal("a3 / 1", await Page(new AlertQuery(null, null, AlertDeliveryStates.Pending)));
        Assert.Equal(" / 0", await Page(new AlertQuery(null, null, AlertDeliveryStates.Failed)));
        Assert.Equal(" / 0", await Page(new AlertQuery("never", null, null)));

        // Deliveries ride along, attempt logs left for the detail.
        var listed = (await store.PageAsync(new AlertQuery("rss", null, null), new PageRequest(1, 10), CancellationToken.None)).Items;
        Assert.Empty(listed[0].Deliveries);
        Assert.Equal(["ops", "rss-only"], listed[1].Deliveries.Select(d => d.SubscriptionId));
        Assert.All(listed.SelectMany(a => a.Deliveries), d => Assert.Empty(d.AttemptLog));
        Assert.True(listed[0].RaisedAt >= listed[1].RaisedAt);
        Assert.Equal(DateTimeKind.Utc, listed[0].RaisedAt.Kind);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task One_alert_shows_every_delivery_with_its_attempts_oldest_first(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("e1")], CancellationToken.None);
        await store.Plan(T0, Minute, Subscription("a"), Subscription("b"));
        for (var i = 0; i < 3; i++)
        {
            var now = T0.AddMinutes(i);
            var claimed = await store.Claim(now);
            foreach (var c in claimed.Where(c => c.SubscriptionId == "a"))
            {
                var outcome = i < 2 ? DeliveryOutcome.RetryAt(now.AddMinutes(1)) : DeliveryOutcome.Delivered;
                Assert.True(await store.Record(c.DeliveryId, "silo-a", now.AddSeconds(1), outcome, i < 2 ? 503 : 200));
            }
        }

        var alert = await store.Get("e1");
        Assert.Equal(["a", "b"], alert.Deliveries.Select(d => d.SubscriptionId));
        var a = alert.Deliveries[0];
        Assert.Equal([1, 2, 3], a.AttemptLog.Select(x => x.Number));
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(61), T0.AddSeconds(121)], a.AttemptLog.Select(x => x.At));
        Assert.Equal([503, 503, 200], a.AttemptLog.Select(x => x.StatusCode ?? 0));
        Assert.All(a.AttemptLog, x => Assert.Equal(12.5, x.DurationMs));
        Assert.Equal((AlertDeliveryStates.Delivered, 3, 200), (a.State, a.Attempts, a.LastStatusCode ?? 0));
        Assert.Empty(alert.Deliveries[1].AttemptLog);
        Assert.Null(await store.GetAsync("e-unknown", CancellationToken.None));
        Assert.Equal(new AlertCounts(1, 1, 0, 0), await store.CountsAsync(CancellationToken.None));
    }
}

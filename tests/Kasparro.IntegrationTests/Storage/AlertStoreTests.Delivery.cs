using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <content>Claims under leases and attempts: disjoint claims, a lease taken over, retries due later, finished deliveries left alone.</content>
public sealed partial class AlertStoreTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Two_owners_claiming_at_once_never_get_the_same_delivery(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([.. Enumerable.Range(0, 60).Select(i => Event($"e{i:D2}"))], CancellationToken.None);
        await store.Plan(T0, TimeSpan.Zero, Subscription("ops"));

        async Task<List<string>> ClaimAll(string owner)
        {
            var mine = new List<string>();
            while (await store.Claim(T0, owner, max: 7) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(c => c.DeliveryId));
            }

            return mine;
        }

        var owners = await Task.WhenAll(Task.Run(() => ClaimAll("silo-a")), Task.Run(() => ClaimAll("silo-b")));

        Assert.Empty(owners[0].Intersect(owners[1]));
        Assert.Equal(60, owners[0].Count + owners[1].Count);
        Assert.Empty(await store.Claim(T0.AddSeconds(29), "silo-c"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_lease_that_ran_out_is_taken_over_and_the_first_owner_is_told_it_lost_it(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("e1")], CancellationToken.None);
        await store.Plan(T0, Minute, Subscription("ops"));

        var first = Assert.Single(await store.Claim(T0, "silo-a"));
        Assert.Empty(await store.Claim(T0.AddSeconds(29), "silo-b"));
        var second = Assert.Single(await store.Claim(T0.AddSeconds(30), "silo-b"));
        Assert.Equal(first.DeliveryId, second.DeliveryId);

        Assert.False(await store.Record(first.DeliveryId, "silo-a", T0.AddSeconds(31), DeliveryOutcome.Failed, 410));
        Assert.True(await store.Record(second.DeliveryId, "silo-b", T0.AddSeconds(32), DeliveryOutcome.Delivered, 204));
        Assert.False(await store.Record(second.DeliveryId, "silo-b", T0.AddSeconds(33), DeliveryOutcome.Failed, 500));
        Assert.False(await store.Record("msg_unknown", "silo-b", T0, DeliveryOutcome.Delivered, 200));

        var delivery = (await store.Get("e1")).Deliveries.Single();
        Assert.Equal((AlertDeliveryStates.Delivered, 3, T0.AddSeconds(32)), (delivery.State, delivery.Attempts, delivery.DeliveredAt));
        Assert.Equal([(1, 410), (2, 204), (3, 500)], delivery.AttemptLog.Select(a => (a.Number, a.StatusCode ?? 0)));
        Assert.Equal(new AlertCounts(0, 1, 0, 0), await store.CountsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_retry_is_claimable_only_once_due_and_delivered_or_failed_deliveries_never_again(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("retried"), Event("delivered", source: "rss"), Event("failed", source: "coingecko")], CancellationToken.None);
        await store.Plan(T0, Minute, Subscription("ops"));
        var claimed = (await store.Claim(T0)).ToDictionary(c => c.Events.Single().Id, c => c.DeliveryId);
        Assert.Equal(3, claimed.Count);

        Assert.True(await store.Record(claimed["retried"], "silo-a", T0.AddSeconds(1), DeliveryOutcome.RetryAt(T0.AddSeconds(40)), status: null));
        Assert.True(await store.Record(claimed["delivered"], "silo-a", T0.AddSeconds(1), DeliveryOutcome.Delivered, 200));
        Assert.True(await store.Record(claimed["failed"], "silo-a", T0.AddSeconds(1), DeliveryOutcome.Failed, 410));

        var log = (await store.Get("retried")).Deliveries.Single();
        Assert.Equal((AlertDeliveryStates.Pending, T0.AddSeconds(40), (int?)null, "connection refused"), (log.State, log.DueAt, log.LastStatusCode, log.LastError));

        // A claimed delivery takes no more events, even while it waits for its retry: a repeat waits for a window of its own.
        await store.RaiseAsync([Event("repeat")], CancellationToken.None);
        await store.Plan(T0.AddSeconds(2), Minute, Subscription("ops"));
        var repeat = (await store.Get("repeat")).Deliveries.Single();
        Assert.NotEqual(claimed["retried"], repeat.DeliveryId);
        // Its group's last delivery waits for a retry (due at 40 s): the repeat is due a window from now, not after the retry.
        Assert.Equal(T0.AddSeconds(62), repeat.DueAt);

        Assert.Empty(await store.Claim(T0.AddSeconds(39), "silo-b"));
        var retry = Assert.Single(await store.Claim(T0.AddSeconds(40), "silo-b"));
        Assert.Equal((claimed["retried"], 1, 1), (retry.DeliveryId, retry.Attempts, retry.EventCount));
        Assert.True(await store.Record(retry.DeliveryId, "silo-b", T0.AddSeconds(41), DeliveryOutcome.Delivered, 200));
        Assert.Empty(await store.Claim(T0.AddSeconds(61), "silo-c"));
        var grouped = Assert.Single(await store.Claim(T0.AddSeconds(62), "silo-c"));
        Assert.Equal(repeat.DeliveryId, grouped.DeliveryId);
        Assert.True(await store.Record(grouped.DeliveryId, "silo-c", T0.AddSeconds(62), DeliveryOutcome.Delivered, 200));

        Assert.Empty(await store.Claim(T0.AddDays(30), "silo-d"));
        Assert.Equal(new AlertCounts(0, 3, 1, 0), await store.CountsAsync(CancellationToken.None));
    }
}

using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <content>
/// The order inside a plan: the events first, then the subscriptions. A relay that read the
/// subscriptions before the events planned an event raised just after a webhook was stored with
/// the list from before it: into no delivery, for good (found by reading the code while chasing a
/// flaky test whose cause was elsewhere).
/// </content>
public sealed partial class AlertStoreTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_plan_reads_the_subscriptions_after_its_events_and_leaves_later_events_to_the_next_plan(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("before")], CancellationToken.None);

        var reads = 0;
        var planned = await store.PlanAsync(
            async ct =>
            {
                reads++;
                // Raised while the plan runs, after its events were read: not planned with this list.
                await store.RaiseAsync([Event("during")], ct);
                return [Subscription("first")];
            },
            Minute,
            T0,
            CancellationToken.None);

        Assert.Equal((1, 1), (reads, planned));
        Assert.Equal(["first"], (await store.Get("before")).Deliveries.Select(d => d.SubscriptionId));
        Assert.Empty((await store.Get("during")).Deliveries);

        Assert.Equal(1, await store.Plan(T0, Minute, Subscription("first"), Subscription("second")));
        Assert.Equal(["first", "second"], (await store.Get("during")).Deliveries.Select(d => d.SubscriptionId).Order(StringComparer.Ordinal));
    }
}

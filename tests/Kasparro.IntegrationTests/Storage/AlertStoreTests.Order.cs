using Kasparro.Grains.Interfaces.Alerts;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <content>
/// The order inside a plan: the events first, then the subscriptions. A relay that read the
/// subscriptions before the events planned an event raised just after a webhook was stored with
/// the list from before it: into no delivery, for good (seen in CI as an alert with no delivery).
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

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_planner_that_finds_the_turn_taken_does_not_read_the_subscriptions(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        await store.RaiseAsync([Event("e1")], CancellationToken.None);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var secondReads = 0;

        var first = store.PlanAsync(
            async _ =>
            {
                inside.SetResult();
                await release.Task;
                return [Subscription("all")];
            },
            Minute,
            T0,
            CancellationToken.None);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await store.PlanAsync(_ => Task.FromResult<IReadOnlyList<WebhookSubscription>>([Subscription("all")]).ContinueWith(t => { secondReads++; return t.Result; }, TaskScheduler.Default), Minute, T0, CancellationToken.None);
        release.SetResult();

        Assert.Equal((0, 0), (second, secondReads));
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single((await store.Get("e1")).Deliveries);
    }
}

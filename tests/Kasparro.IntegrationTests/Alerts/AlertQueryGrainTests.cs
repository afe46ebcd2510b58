using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// The alert query grain on a silo wired as production wires it, under each provider: it reads the
/// store the silo registered (what the relay writes), pages, details and counts.
/// </summary>
public sealed class AlertQueryGrainTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task The_query_grain_reads_the_silos_alert_store(string provider)
    {
        var cs = provider == "postgres" ? await TestPostgres.CreateMigratedDatabaseAsync("alertq") : null;
        try
        {
            // The silo's own relay is off: it would plan the events first (with no subscription, into
            // no delivery), and the test's plan would find nothing left to plan.
            await using var silo = await TestSilo.StartAsync(
                PostgresClusterFixture.NewClusterId(), cs, extraSettings: new Dictionary<string, string?> { ["Kasparro:Alerts:Enabled"] = "false" });
            var store = silo.Host.Services.GetRequiredService<IAlertStore>();
            Assert.Equal(provider == "postgres" ? "PostgresAlertStore" : "InMemoryAlertStore", store.GetType().Name);
            await store.RaiseAsync([Event("e1"), Event("e2", source: "rss")], CancellationToken.None);
            await store.PlanAsync([Subscription("ops")], Minute, T0, CancellationToken.None);
            var claimed = await store.Claim(T0);
            Assert.True(await store.Record(claimed[0].DeliveryId, "silo-a", T0, DeliveryOutcome.Delivered, 204));

            var grain = silo.Grains.GetGrain<IAlertQueryGrain>(0);
            var page = await grain.GetAlerts(new AlertQuery(null, null, AlertDeliveryStates.Delivered), new PageRequest(1, 10));
            Assert.Equal(["e1"], page.Items.Select(a => a.Event.Id));
            Assert.Equal(1, page.TotalItems);
            var alert = await grain.GetAlert("e1");
            Assert.Equal((1, 204), (alert!.Deliveries.Single().AttemptLog.Single().Number, alert.Deliveries.Single().AttemptLog.Single().StatusCode ?? 0));
            Assert.Null(await grain.GetAlert("nope"));
            Assert.Equal(new AlertCounts(1, 1, 0, 0), await grain.GetCounts());
        }
        finally
        {
            if (cs is not null)
            {
                await TestPostgres.DropDatabaseAsync(cs);
            }
        }
    }
}

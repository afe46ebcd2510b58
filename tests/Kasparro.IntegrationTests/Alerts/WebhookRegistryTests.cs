using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// The webhook registry is grain state: a restarted silo has every subscription (with its secret), and
/// re-reads configuration's — a changed declaration is a new version, one no longer declared is removed.
/// </summary>
public sealed class WebhookRegistryTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const string Secret = "registry-secret-5d0b7f3e9a21c846";

    private static Dictionary<string, string?> Declaring(string url) => new()
    {
        ["Kasparro:Alerts:Enabled"] = "false",
        ["Kasparro:Alerts:Webhooks:declared:Url"] = url,
        ["Kasparro:Alerts:Webhooks:declared:Secret"] = Secret,
    };

    [Fact]
    public async Task Subscriptions_survive_a_silo_restart_and_configuration_is_applied_again_at_start()
    {
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var definition = new WebhookDefinition("https://hooks.example.com/kept", [AlertKinds.RunFailed], [], WebhookFormats.Slack, Secret, true);
        WebhookSubscription kept;
        await using (var first = await TestSilo.StartAsync(clusterId, cs, extraSettings: Declaring("https://hooks.example.com/v1")))
        {
            var registry = first.Grains.GetGrain<IWebhookRegistryGrain>(0);
            kept = (await registry.Put("kept", definition, null, "admin")).Subscription;
            await Eventually.Until(() => registry.Find("declared"), d => d is not null, TimeSpan.FromSeconds(30), "the declared webhook");
            Assert.Equal((1L, WebhookManagers.Configuration), ((await registry.Find("declared"))!.Version, (await registry.Find("declared"))!.ManagedBy));
        }

        await using (var second = await TestSilo.StartAsync(clusterId, cs, extraSettings: Declaring("https://hooks.example.com/v2")))
        {
            var registry = second.Grains.GetGrain<IWebhookRegistryGrain>(0);
            var found = (await registry.Find("kept"))!;
            Assert.Equal((kept.Url, kept.Format, kept.Version, kept.ManagedBy, Secret), (found.Url, found.Format, found.Version, found.ManagedBy, found.Secret));
            Assert.Equal(kept.Kinds, found.Kinds);
            var declared = await Eventually.Until(() => registry.Find("declared"), d => d?.Version == 2, TimeSpan.FromSeconds(30), "the changed declaration");
            Assert.Equal("https://hooks.example.com/v2", declared!.Url);
            await Assert.ThrowsAsync<WebhookManagedByConfigurationException>(() => registry.Delete("declared", null, "admin"));
        }

        await using var third = await TestSilo.StartAsync(clusterId, cs, extraSettings: new Dictionary<string, string?> { ["Kasparro:Alerts:Enabled"] = "false" });
        var last = third.Grains.GetGrain<IWebhookRegistryGrain>(0);
        await Eventually.Until(() => last.Find("declared"), d => d is null, TimeSpan.FromSeconds(30), "the undeclared webhook to go");
        Assert.Equal(["kept"], (await last.GetAll()).Select(s => s.Id));
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_version_exactly_one_wins()
    {
        await using var silo = await TestSilo.StartAsync(PostgresClusterFixture.NewClusterId(), await db.NewDatabaseAsync());
        var registry = silo.Grains.GetGrain<IWebhookRegistryGrain>(0);
        var definition = new WebhookDefinition("https://hooks.example.com/c", [], [], WebhookFormats.Standard, Secret, true);
        await registry.Put("contended", definition, null, "admin");

        var writers = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await registry.Put("contended", definition with { Url = $"https://hooks.example.com/c{i}" }, 1, $"writer-{i}");
                return true;
            }
            catch (WebhookVersionMismatchException)
            {
                return false;
            }
        });

        Assert.Equal(1, (await Task.WhenAll(writers)).Count(won => won));
        Assert.Equal(2, (await registry.Find("contended"))!.Version);
        await Assert.ThrowsAsync<WebhookNotFoundException>(() => registry.Delete("nobody", null, "admin"));
        await Assert.ThrowsAsync<WebhookVersionMismatchException>(() => registry.Delete("contended", 1, "admin"));
    }
}

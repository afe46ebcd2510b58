using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Hosting;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// Alerts are never lost to an outage of the alert store: a source's run-end alerts wait in its grain
/// state's outbox and the registry's in its event outbox, and each is raised once the store is back
/// (a silo with the production wiring and a store that can be switched off).
/// </summary>
public sealed class AlertOutboxTests
{
    private static async Task<(InProcessTestCluster Cluster, SwitchableAlertStore Store, string Directory)> StartAsync(string source)
    {
        var store = new SwitchableAlertStore();
        var directory = Directory.CreateTempSubdirectory("kasparro-alerts").FullName;
        var clusterId = $"alr-{Guid.NewGuid():N}"[..16];
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = $"svc-{clusterId}";
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(TestSilo.Settings(clusterId, null, silo.SiloPort, silo.GatewayPort));
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"Kasparro:Sources:{source}:Kind"] = "Csv",
                [$"Kasparro:Sources:{source}:Url"] = Path.Combine(directory, $"{source}.csv"),
                [$"Kasparro:Sources:{source}:Interval"] = "01:00:00",
            });
            host.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddKasparro();
            silo.Services.AddSingleton<IAlertStore>(store); // the last registration wins
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        MarketCsv.Write(Path.Combine(directory, $"{source}.csv"), 10, 10);
        return (cluster, store, directory);
    }

    private static IGrainFactory Grains(InProcessTestCluster cluster) => cluster.Silos.Single().SiloHost.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Run_alerts_refused_at_the_end_of_a_run_are_raised_once_the_store_is_back()
    {
        var (cluster, store, directory) = await StartAsync("outage");
        try
        {
            var source = Grains(cluster).GetGrain<ISourceGrain>("outage");
            await source.SetFailureInjection(new FailureInjectionSettings(true, 0, 0, FailureType.Timeout, null));
            store.Down = true;

            var started = await source.TriggerRun();
            var failed = await Eventually.Until(() => source.GetRun(started.RunId), r => r!.Status != RunStatus.Running, RaisedAlerts.Patience, "the run to end");

            Assert.Equal(RunStatus.Failed, failed!.Status);
            await Eventually.Until(() => Task.FromResult(Volatile.Read(ref store.Refused)), n => n >= 2, RaisedAlerts.Patience, "the settle timer to retry");
            Assert.Empty(store.Raised);

            store.Down = false;

            var raised = await RaisedAlerts.UntilAsync(store, "outage", a => a.Count(AlertKinds.RunFailed) == 1, "run.failed once the store is back");
            Assert.Equal($"run.failed:{failed.RunId:N}", Assert.Single(raised).Id);

            // The outbox is empty after: the next run raises its own alerts and never the old one again.
            await source.SetFailureInjection(FailureInjectionSettings.Off);
            var next = await source.TriggerRun();
            await RaisedAlerts.UntilAsync(store, "outage", a => a.Count(AlertKinds.SourceRecovered) == 1, "source.recovered");
            Assert.Equal(1, store.Raised[$"run.failed:{failed.RunId:N}"]);
            Assert.Equal(1, store.Raised[$"source.recovered:{next.RunId:N}"]);
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_pause_whose_alert_the_store_refused_is_raised_by_the_registry_retry()
    {
        var (cluster, store, directory) = await StartAsync("paused");
        try
        {
            var registry = Grains(cluster).GetGrain<ISourceRegistryGrain>(0);
            await Eventually.Until(() => registry.Find("paused"), d => d is not null, RaisedAlerts.Patience, "the registry to know the source");
            store.Down = true;

            var status = await registry.Pause("paused", null, "ops-key");

            Assert.NotNull(status.Paused); // the command took effect; only its alert waits
            Assert.Empty(store.Raised);
            store.Down = false;
            var raised = await RaisedAlerts.UntilAsync(store, "paused", a => a.Count(AlertKinds.SourcePaused) == 1, "source.paused from the registry's retry");
            Assert.Equal("ops-key", Assert.Single(raised).Data().GetProperty("by").GetString());
            Assert.All(store.Raised.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}

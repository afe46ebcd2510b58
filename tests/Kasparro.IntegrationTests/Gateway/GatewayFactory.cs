using System.Diagnostics.Metrics;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>The real gateway (Api's Program) in memory, with settings as a user would pass them.</summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Testing") : WebApplicationFactory<Program>
{
    /// <summary>Standalone mode: the gateway co-hosts a silo on free ports.</summary>
    public static GatewayFactory Standalone(
        string? connectionString, string environment = "Testing", IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = TestSilo.Settings($"gw-{Guid.NewGuid():N}"[..16], connectionString, FreePorts.Next(), FreePorts.Next());
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (environment == "Demo")
        {
            // The demo profile is tested as shipped: its sources stay as appsettings.Demo.json sets them.
            foreach (var key in settings.Keys.Where(k => k.StartsWith("Kasparro:Sources:", StringComparison.Ordinal)).ToArray())
            {
                settings.Remove(key);
            }
        }

        return new GatewayFactory(settings, environment);
    }

    /// <summary>Client mode: joins the silos of <paramref name="clusterId"/> found in the database.</summary>
    public static GatewayFactory Client(string clusterId, string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = TestSilo.Settings(clusterId, connectionString, siloPort: 1, gatewayPort: 1);
        settings["Kasparro:Api:Mode"] = "Client";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewayFactory(settings);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.ConfigureOpenTelemetryMeterProvider(ExportOwnMetersOnly));
    }

    /// <summary>
    /// OpenTelemetry subscribes to meters by name, process-wide: without this, a gateway's /metrics
    /// would add up the counters of every other host alive in the test process (the other API
    /// fixture's <c>alpha</c>, an ingestion test's <c>flaky</c>). A deployed process runs one host,
    /// so only tests need the instruments of other hosts' meter factories dropped.
    /// </summary>
    private static void ExportOwnMetersOnly(IServiceProvider services, MeterProviderBuilder metrics)
    {
        var own = services.GetRequiredService<IMeterFactory>();
        metrics.AddView(instrument =>
            instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null);
    }
}

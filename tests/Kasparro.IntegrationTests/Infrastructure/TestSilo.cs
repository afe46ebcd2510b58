using System.Net;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A real silo built exactly as the Silo host builds it (<c>silo.AddKasparro()</c>
/// from configuration), on its own loopback ports. Several can run in one test process and form one cluster.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private TestSilo(IHost host, int siloPort, int gatewayPort)
    {
        Host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public IHost Host { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo address as grains report it (<c>ILocalSiloDetails.SiloAddress.ToString()</c>).</summary>
    public string Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    public IPEndPoint Gateway => new(IPAddress.Loopback, GatewayPort);

    public static async Task<TestSilo> StartAsync(
        string clusterId, string? connectionString, TimeSpan? minimumReminderPeriod = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(Settings(clusterId, connectionString, siloPort, gatewayPort, minimumReminderPeriod));
        builder.Configuration.AddInMemoryCollection(extraSettings ?? new Dictionary<string, string?>());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.AddKasparro();
            // Tests stop silos gracefully; keep the bookkeeping around that quick as well.
            silo.Configure<ClusterMembershipOptions>(o => o.NumMissedProbesLimit = 2);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, siloPort, gatewayPort);
    }

    /// <summary>The database probes' patience in tests (<see cref="StorageOptions.ConnectTimeoutKey"/>).</summary>
    public const string ConnectTimeoutKey = StorageOptions.ConnectTimeoutKey;

    public const string ConnectTimeout = "00:01:00";

    public static Dictionary<string, string?> Settings(
        string clusterId, string? connectionString, int siloPort, int gatewayPort, TimeSpan? minimumReminderPeriod = null) => new()
        {
            ["Kasparro:Storage:Provider"] = connectionString is null ? "InMemory" : "Postgres",
            ["ConnectionStrings:Kasparro"] = connectionString,
            ["Kasparro:Cluster:ClusterId"] = clusterId,
            // One service per cluster id: tests that share a database never see each other's grain state.
            ["Kasparro:Cluster:ServiceId"] = $"svc-{clusterId}",
            ["Kasparro:Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kasparro:Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kasparro:Reminders:MinimumPeriod"] = minimumReminderPeriod?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            // The start-up and health probes of the database give up after 5 s by default; a test
            // machine busy with parallel classes (and other builds) can take longer to answer.
            [ConnectTimeoutKey] = ConnectTimeout,
            // Each statement's bound (5 s by default) likewise; the fault tests set a short one.
            [StorageOptions.CommandTimeoutKey] = "00:00:30",
            // A read that is only slow (a busy machine, the long command timeout above) must not run
            // out of the silo-loss retry budget: keep it above the command timeout, as in production.
            ["Kasparro:Cluster:ReadRetry:Budget"] = "00:01:00",
            // Tests define the sources they use; the built-in ones would read the demo file or the internet.
            ["Kasparro:Sources:csv:Enabled"] = "false",
            ["Kasparro:Sources:coingecko:Enabled"] = "false",
            ["Kasparro:Sources:rss:Enabled"] = "false",
            // Tests start runs when they mean to; a first scheduled run at start would race them
            // (FirstRunAtStartTests covers the default).
            [FirstRunAtStartKey] = "false",
        };

    public const string FirstRunAtStartKey = Kasparro.Grains.Sources.RunOptions.FirstRunAtStartKey;

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Already stopped, or stopping took too long: disposal must still release the host.
        }

        Host.Dispose();
    }
}

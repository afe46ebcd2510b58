using System.Net;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A silo configured exactly as the Silo host configures it (<c>silo.AddKasparro()</c> from
/// configuration). <see cref="StartAsync"/> runs it as a one-silo
/// <see cref="InProcessTestCluster"/> (in-memory transport and membership, its own ClusterId);
/// <see cref="StartNetworkedAsync"/> hosts it by hand on its own loopback ports with the configured
/// membership table, for the tests whose clients or client-mode gateways find it through that table
/// and reach it over TCP (a test cluster always uses its own membership and in-memory transport).
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster? _cluster;

    private TestSilo(IHost host, int siloPort, int gatewayPort, InProcessTestCluster? cluster = null)
    {
        Host = host;
        SiloPort = siloPort;
        _gatewayPort = gatewayPort;
        _cluster = cluster;
    }

    public IHost Host { get; }

    public int SiloPort { get; }

    private readonly int _gatewayPort;

    /// <summary>
    /// The TCP gateway port of a networked silo. A test cluster's silo has none a client could reach:
    /// asking for it is a mistake that would otherwise show only as a client waiting for a gateway forever.
    /// </summary>
    public int GatewayPort => _cluster is null
        ? _gatewayPort
        : throw new InvalidOperationException("A test-cluster silo listens in memory only; start it with StartNetworkedAsync to reach it over TCP.");

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo address as grains report it (<c>ILocalSiloDetails.SiloAddress.ToString()</c>).</summary>
    public string Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    /// <summary>The TCP gateway of a networked silo (a test cluster's silo listens in memory only).</summary>
    public IPEndPoint Gateway => new(IPAddress.Loopback, GatewayPort);

    public static async Task<TestSilo> StartNetworkedAsync(
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

    /// <summary>
    /// A one-silo <see cref="InProcessTestCluster"/> named <paramref name="clusterId"/> (service
    /// <c>svc-{clusterId}</c>, as <see cref="Settings"/> says): the production wiring, with the
    /// test cluster's in-memory transport and membership in place of sockets and the membership table.
    /// Grains are called through the silo (<see cref="Grains"/>), so the cluster deploys no client.
    /// </summary>
    public static async Task<TestSilo> StartAsync(
        string clusterId, string? connectionString, TimeSpan? minimumReminderPeriod = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = $"svc-{clusterId}";
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(Settings(clusterId, connectionString, silo.SiloPort, silo.GatewayPort, minimumReminderPeriod));
            host.Configuration.AddInMemoryCollection(extraSettings ?? new Dictionary<string, string?>());
            host.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) => silo.AddKasparro());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        var handle = cluster.Silos.Single();
        return new TestSilo(handle.SiloHost, handle.SiloAddress.Endpoint.Port, handle.GatewayAddress?.Endpoint.Port ?? 0, cluster);
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
            // Postgres mode: a test silo and its clients share this machine, so advertise loopback explicitly rather
            // than this machine's interface address (InMemory mode ignores it: localhost clustering).
            ["Kasparro:Cluster:AdvertisedAddress"] = "127.0.0.1",
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
        if (_cluster is not null)
        {
            // Stops the silo (unless the test did) and releases it.
            await _cluster.DisposeAsync();
            return;
        }

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

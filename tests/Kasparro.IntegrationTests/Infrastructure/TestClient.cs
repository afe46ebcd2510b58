using System.Net;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>An Orleans client host: either the gateway's own client wiring, or pinned to one silo's gateway.</summary>
public sealed class TestClient : IAsyncDisposable
{
    private TestClient(IHost host) => Host = host;

    public IHost Host { get; }

    public IClusterClient Client => Host.Services.GetRequiredService<IClusterClient>();

    /// <summary>A client configured like the gateway in client mode (ADO.NET gateway discovery).</summary>
    public static Task<TestClient> StartAsync(string clusterId, string connectionString) =>
        StartAsync(clusterId, connectionString, client => client.AddKasparroClient());

    /// <summary>A client that may talk to one gateway only, to prove that gateway serves the cluster.</summary>
    public static Task<TestClient> StartPinnedAsync(string clusterId, IPEndPoint gateway) =>
        StartAsync(clusterId, null, client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = $"svc-{clusterId}";
            });
            client.UseStaticClustering(gateway);
        });

    private static IConfiguration ConfigurationFor(string clusterId, string? connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(TestSilo.Settings(clusterId, connectionString, siloPort: 1, gatewayPort: 1))
            .Build();

    private static async Task<TestClient> StartAsync(string clusterId, string? connectionString, Action<IClientBuilder> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            DisableDefaults = true,
        });
        builder.Configuration.AddConfiguration(ConfigurationFor(clusterId, connectionString));
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return new TestClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposal below still releases it.
        }

        Host.Dispose();
    }
}

using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Kasparro.Hosting.Logging;
using Kasparro.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Kasparro.Hosting;

/// <summary>Configures an Orleans client (the gateway's client mode) from the same <c>Kasparro:*</c> settings as the silos.</summary>
public static class ClientBuilderExtensions
{
    public static IClientBuilder AddKasparroClient(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        // Start-up decisions, read (and validated) once, before anything starts.
        var settings = KasparroOptions.ReadStorage(client.Configuration);
        var cluster = KasparroOptions.ReadCluster(client.Configuration);
        PostgresPreflight.EnsureReachable(settings);
        client.Services.AddKasparroOptions(client.Configuration);

        if (settings.Provider == StorageProvider.InMemory)
        {
            // A single local silo started with the InMemory provider (dotnet run --project Silo).
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }
        else
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = SiloBuilderExtensions.PostgresInvariant;
                o.ConnectionString = PostgresConnections.Commands(settings);
            });
        }

        // Silos may come up after the gateway (a rollout, a laptop); keep trying instead of crashing.
        client.UseConnectionRetryFilter<GatewayConnectionRetry>();
        BoundedStop.Apply(client.Services);
        ThrottledLoggerFactory.Replace(client.Services);

        client.AddDashboard();
        client.Services.AddKasparroTelemetry(client.Configuration);
        if (KasparroTracing.Enabled(client.Configuration))
        {
            client.AddActivityPropagation(); // grain calls carry the request's trace
        }

        client.Services.AddKasparroHealth();
        return client;
    }
}

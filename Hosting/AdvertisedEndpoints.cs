using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// The endpoints of a silo in Postgres clustering: it listens on every address of the host and advertises
/// the one <see cref="AdvertisedAddressResolver"/> chooses (the configured one, else its own).
/// </summary>
internal static class AdvertisedEndpoints
{
    public const string Key = KasparroClusterOptions.Section + ":AdvertisedAddress";

    public static void Configure(ISiloBuilder silo, KasparroClusterOptions cluster)
    {
        var configured = cluster.AdvertisedIp();
        var gate = new object();
        AdvertisedAddressChoice? chosen = null;
        // Resolved when Orleans first reads its endpoint options (with a logger at hand, unlike now), and once:
        // every reader of the options sees the same address, logged once.
        silo.Services.AddOptions<EndpointOptions>().Configure<ILoggerFactory>((options, loggers) =>
        {
            lock (gate)
            {
                if (chosen is null)
                {
                    chosen = AdvertisedAddressResolver.Resolve(configured, configured is null ? NetworkInterfaceInfo.OfThisMachine() : []);
                    loggers.CreateLogger(AdvertisedAddressLog.Category).Chosen(chosen, Key);
                }
            }

            var any = chosen.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            options.AdvertisedIPAddress = chosen.Address;
            options.SiloPort = cluster.SiloPort;
            options.GatewayPort = cluster.GatewayPort;
            options.SiloListeningEndpoint = new IPEndPoint(any, cluster.SiloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(any, cluster.GatewayPort);
        });
    }
}

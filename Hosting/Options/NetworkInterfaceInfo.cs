using System.Net;
using System.Net.NetworkInformation;

namespace Kasparro.Hosting;

/// <summary>
/// What <see cref="AdvertisedAddressResolver"/> needs to know of one network interface: a plain record, so
/// tests hand the resolver a made-up machine instead of this one.
/// </summary>
public sealed record NetworkInterfaceInfo(
    string Name, OperationalStatus Status, NetworkInterfaceType Type, bool HasGateway, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>This machine's interfaces; none when the platform cannot list them (the resolver then falls back to loopback).</summary>
    public static IReadOnlyList<NetworkInterfaceInfo> OfThisMachine()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }

        var result = new List<NetworkInterfaceInfo>(interfaces.Length);
        foreach (var nic in interfaces)
        {
            try
            {
                var properties = nic.GetIPProperties();
                var hasGateway = properties.GatewayAddresses.Any(g => !g.Address.Equals(IPAddress.Any) && !g.Address.Equals(IPAddress.IPv6Any));
                result.Add(new NetworkInterfaceInfo(
                    nic.Name, nic.OperationalStatus, nic.NetworkInterfaceType, hasGateway, [.. properties.UnicastAddresses.Select(u => u.Address)]));
            }
            catch (NetworkInformationException)
            {
                // An interface that vanished while being read offers nothing to advertise.
            }
        }

        return result;
    }
}

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Kasparro.Hosting;

/// <summary>Where the advertised address came from.</summary>
public enum AdvertisedAddressSource
{
    /// <summary><c>Kasparro:Cluster:AdvertisedAddress</c> was set.</summary>
    Configured,

    /// <summary>Unset: an address of one of the machine's network interfaces.</summary>
    Interface,

    /// <summary>Unset, and the machine has no address but loopback: only silos on this machine can reach it.</summary>
    LoopbackFallback,
}

/// <summary>The address a silo advertises in the membership table, and why.</summary>
public sealed record AdvertisedAddressChoice(IPAddress Address, AdvertisedAddressSource Source, string? InterfaceName);

/// <summary>
/// Chooses the address a silo advertises to the other silos and to clients (Postgres clustering).
/// The configured address wins. Unset, the silo finds its own: in a container that is the container's
/// address, so a compose file need not pin one per silo.
/// </summary>
/// <remarks>
/// Candidates are the unicast addresses of interfaces that are not loopback interfaces and are up
/// (<see cref="OperationalStatus.Up"/>, or <see cref="OperationalStatus.Unknown"/>, which tun/tap devices
/// report); loopback, link-local (169.254/16, fe80::/10), multicast and unspecified addresses never are.
/// The first candidate in this order wins, so the choice does not depend on the order the OS lists them in:
/// IPv4 before IPv6; an interface with a gateway (the one the default route leaves by) before one without
/// (a container bridge on the host, say); status Up before Unknown; interface name (ordinal); the address's bytes.
/// No candidate: loopback, which only silos and clients on this machine can reach.
/// </remarks>
public static class AdvertisedAddressResolver
{
    public static AdvertisedAddressChoice Resolve(IPAddress? configured, IEnumerable<NetworkInterfaceInfo> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        if (configured is not null)
        {
            return new AdvertisedAddressChoice(configured, AdvertisedAddressSource.Configured, null);
        }

        var best = interfaces
            .Where(nic => nic.Type != NetworkInterfaceType.Loopback && nic.Status is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(nic => nic.Addresses.Where(Advertisable).Select(address => (nic, address)))
            .OrderBy(c => c.address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ThenBy(c => c.nic.HasGateway ? 0 : 1)
            .ThenBy(c => c.nic.Status == OperationalStatus.Up ? 0 : 1)
            .ThenBy(c => c.nic.Name, StringComparer.Ordinal)
            .ThenBy(c => c.address.GetAddressBytes(), ByteOrder.Instance)
            .FirstOrDefault();
        return best.address is null
            ? new AdvertisedAddressChoice(IPAddress.Loopback, AdvertisedAddressSource.LoopbackFallback, null)
            : new AdvertisedAddressChoice(best.address, AdvertisedAddressSource.Interface, best.nic.Name);
    }

    /// <summary>A unicast address another host could route to this one.</summary>
    public static bool Advertisable(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            var linkLocal = bytes[0] == 169 && bytes[1] == 254;
            var multicastOrReserved = bytes[0] >= 224; // 224/4 multicast, 240/4 reserved and broadcast
            return !linkLocal && !multicastOrReserved && !address.Equals(IPAddress.Any);
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.IsIPv6LinkLocal && !address.IsIPv6Multicast && !address.IsIPv4MappedToIPv6 && !address.Equals(IPAddress.IPv6Any);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Which IP addresses a webhook may connect to, judged on the address actually connected (after DNS),
/// so a name that resolves — or re-resolves — to an inside address cannot get around it. Link-local
/// (169.254.0.0/16, fe80::/10: cloud metadata services) is refused always; loopback, private and
/// unspecified addresses (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, 0/8, ::1, ::, fc00::/7,
/// fec0::/10) when <see cref="AlertOptions.BlockPrivateNetworks"/> is on. IPv4-mapped IPv6 addresses
/// are judged as the IPv4 address they carry.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Null when <paramref name="address"/> may be connected to, else why not (one sentence).</summary>
    public static string? Refusal(IPAddress address, bool blockPrivateNetworks)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 169 && b[1] == 254)
            {
                return $"Address {address} is link-local (cloud metadata lives there); webhooks never connect to it.";
            }

            var inside = b[0] is 0 or 10 or 127
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] is >= 64 and <= 127);
            return inside && blockPrivateNetworks ? Private(address) : null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal)
            {
                return $"Address {address} is link-local; webhooks never connect to it.";
            }

            var b = address.GetAddressBytes();
            var inside = IPAddress.IsLoopback(address)
                || address.Equals(IPAddress.IPv6Any)
                || (b[0] & 0xFE) == 0xFC
                || address.IsIPv6SiteLocal;
            return inside && blockPrivateNetworks ? Private(address) : null;
        }

        return $"Address {address} is not an IP address a webhook may use.";
    }

    private static string Private(IPAddress address) =>
        $"Address {address} is loopback or private and Kasparro:Alerts:BlockPrivateNetworks is on.";
}

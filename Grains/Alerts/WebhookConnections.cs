using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The webhook client's transport: resolves the host itself, drops every address
/// <see cref="WebhookAddresses"/> refuses and connects to the first of the rest that answers. The
/// check is on the address the socket connects to, so no DNS answer (rebinding included) can lead
/// a webhook inside. No redirects are followed by the handler (the sender decides) and no proxy is
/// used (a proxy would make the connected address the proxy's).
/// </summary>
public static class WebhookConnections
{
    /// <summary>The primary handler of the <c>kasparro-webhooks</c> client.</summary>
    public static SocketsHttpHandler Handler(IOptionsMonitor<AlertOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            MaxResponseDrainSize = 0, // an answer not read is dropped with its connection, never drained
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) =>
                ConnectAsync(context.DnsEndPoint, options.CurrentValue.BlockPrivateNetworks, cancellationToken),
        };
    }

    /// <summary>Connects to <paramref name="endpoint"/> through an address the rules allow; throws <see cref="WebhookAddressRefusedException"/> when none is.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool blockPrivateNetworks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        SocketException? unreachable = null;
        foreach (var address in addresses)
        {
            if (WebhookAddresses.Refusal(address, blockPrivateNetworks) is { } why)
            {
                refusal ??= why;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                unreachable = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (unreachable is not null)
        {
            throw unreachable;
        }

        throw new WebhookAddressRefusedException(refusal ?? $"Host '{host}' resolved to no address.");
    }
}

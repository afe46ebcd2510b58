using System.Net;
using System.Net.Sockets;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>Loopback ports nobody is listening on, so parallel test classes never share a silo port.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}

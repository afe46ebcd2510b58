using System.Net.Sockets;

namespace Kasparro.IntegrationTests.Infrastructure;

public sealed partial class TcpFaultProxy
{
    /// <summary>One client connection and its upstream twin.</summary>
    private sealed class Relay(Socket client)
    {
        private readonly CancellationTokenSource _closed = new();

        public Socket Client { get; } = client;

        public Socket Server { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public CancellationToken Closed => _closed.Token;

        public void Close()
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Closed twice.
            }

            Client.Dispose();
            Server.Dispose();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay between the application and the test PostgreSQL that can misbehave the way a real
/// database does under faults, without touching the shared server: pass traffic; stall (every open
/// socket stays open and nothing is forwarded, new connections are accepted and then hang, as with
/// a frozen server); refuse (nothing listens on the port); and sever every open connection at once
/// (a restarted server, as a connection pool sees it); or let a few connections through and then
/// refuse (a server that vanishes in the middle of a start-up). Stalled bytes are held, not dropped:
/// when the stall ends they are delivered, as a thawed server would answer.
/// </summary>
public sealed partial class TcpFaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Relay> _relays = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _flowing = OpenGate();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private int? _refuseAfter;

    private TcpFaultProxy(IPEndPoint upstream, int port)
    {
        _upstream = upstream;
        Port = port;
    }

    /// <summary>The loopback port the application connects to.</summary>
    public int Port { get; }

    /// <summary>Connections accepted so far (including those still hanging in a stall).</summary>
    public int Accepted { get; private set; }

    /// <summary>A proxy in front of the server of <paramref name="connectionString"/>, passing traffic.</summary>
    public static TcpFaultProxy Start(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var address = Dns.GetHostAddresses(target.Host!).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var proxy = new TcpFaultProxy(new IPEndPoint(address, target.Port), FreePorts.Next());
        proxy.Listen();
        return proxy;
    }

    /// <summary><paramref name="connectionString"/> pointed at this proxy instead of the server.</summary>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Forward traffic again: listens if it was refusing, and releases everything a stall held.</summary>
    public void Pass()
    {
        lock (_gate)
        {
            _flowing.TrySetResult();
            if (_listener is null)
            {
                Listen();
            }
        }
    }

    /// <summary>Keep every socket open and forward nothing; new connections are accepted and hang.</summary>
    public void Stall()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewGate();
            }
        }
    }

    /// <summary>Stop listening, so a new connection is refused; connections already open are severed.</summary>
    public void Refuse()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
        }

        SeverAll();
    }

    /// <summary>
    /// Accept <paramref name="connections"/> more connections, then stop listening: later ones are
    /// refused, those accepted stay open (a server that went away while a process was starting).
    /// </summary>
    public void RefuseAfter(int connections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connections);
        lock (_gate)
        {
            _refuseAfter = Accepted + connections;
        }

        if (connections == 0)
        {
            Refuse();
        }
    }

    /// <summary>Close every open connection on both sides at once, as a restarted database does; new ones are accepted as before.</summary>
    public void SeverAll()
    {
        Relay[] open;
        lock (_gate)
        {
            open = [.. _relays];
            _relays.Clear();
        }

        foreach (var relay in open)
        {
            relay.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            _flowing.TrySetResult();
        }

        SeverAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped under the accept loop: that is how it ends.
        }

        _stopping.Dispose();
    }

    /// <summary>A closed gate: relays wait on it until <see cref="Pass"/> opens it.</summary>
    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource OpenGate()
    {
        var gate = NewGate();
        gate.SetResult();
        return gate;
    }

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // stopped (refusing, or disposed): the listener is no longer listening
            }

            var relay = new Relay(client);
            lock (_gate)
            {
                Accepted++;
                _relays.Add(relay);
                if (Accepted >= _refuseAfter)
                {
                    _refuseAfter = null;
                    _listener?.Stop();
                    _listener = null;
                }
            }

            _ = RelayAsync(relay);
        }
    }

    /// <summary>Connects upstream once traffic flows, then pumps both ways until either side closes or the relay is severed.</summary>
    private async Task RelayAsync(Relay relay)
    {
        try
        {
            await FlowingAsync(relay.Closed);
            await relay.Server.ConnectAsync(_upstream, relay.Closed);
            await Task.WhenAny(Pump(relay.Client, relay.Server, relay.Closed), Pump(relay.Server, relay.Client, relay.Closed));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // One side went away or the relay was severed: close the other too.
        }
        finally
        {
            relay.Close();
            lock (_gate)
            {
                _relays.Remove(relay);
            }
        }
    }

    private async Task Pump(Socket from, Socket to, CancellationToken closed)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, closed);
            if (read == 0)
            {
                return;
            }

            // A stall holds what was read until traffic flows again: nothing is lost, nothing arrives.
            await FlowingAsync(closed);
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, closed);
        }
    }

    private Task FlowingAsync(CancellationToken closed)
    {
        Task flowing;
        lock (_gate)
        {
            flowing = _flowing.Task;
        }

        return flowing.WaitAsync(closed);
    }
}

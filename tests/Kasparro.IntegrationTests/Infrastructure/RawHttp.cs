using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests <see cref="HttpClient"/> will not send as written:
/// raw bytes and dot segments in the target, invalid header values, a Content-Length that lies,
/// odd methods with bodies. The request line and headers are Latin-1 (each char one byte, so "\u00FF"
/// is the byte 0xFF); every request asks to close the connection, and the answer is read to its end
/// (at most <c>maxBytes</c>; a longer one is cut and marked truncated).
/// </summary>
public static class RawHttp
{
    public static byte[] Request(string method, string target, IEnumerable<(string Name, string Value)>? headers = null, byte[]? body = null, bool contentLength = true)
    {
        var head = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null && contentLength)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    public static async Task<RawResponse> SendAsync(int port, byte[] request, bool head = false, int maxBytes = 8 << 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read all of a body it refuses; the answer is what counts.
        }

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var truncated = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (received.Length > maxBytes)
                {
                    truncated = true;
                    break;
                }
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closing on an unread body) ends the answer.
        }

        return Parse(received.ToArray(), head, truncated);
    }

    private static RawResponse Parse(byte[] wire, bool head, bool truncated)
    {
        var end = wire.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"No complete HTTP head in {wire.Length} bytes: {Encoding.Latin1.GetString(wire.AsSpan(0, Math.Min(wire.Length, 200)))}");
        }

        var lines = Encoding.Latin1.GetString(wire, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => KeyValuePair.Create(p[0].Trim(), p.Length > 1 ? p[1].Trim() : "")).ToList();
        var rest = wire[(end + 4)..];
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var body = head || !chunked || truncated ? rest : Dechunk(rest);
        return new RawResponse(status, headers, body, wire.Length, truncated);
    }

    private static byte[] Dechunk(byte[] data)
    {
        var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = data.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                throw new InvalidDataException("A chunk size line is not terminated.");
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(data, at, lineEnd).Split(';')[0].Trim(), 16);
            at += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(data, at, size);
            at += size + 2;
        }
    }
}

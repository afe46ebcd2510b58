using System.Text;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>An HTTP/1.1 answer as it came off the wire (see <see cref="RawHttp"/>).</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, long WireBytes, bool Truncated)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The header's values joined by ", ", or null when it is absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();
        return values.Length == 0 ? null : string.Join(", ", values);
    }

    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public override string ToString() =>
        $"{Status} [{string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}] {Body.Length} bytes: {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
}

using System.Security.Cryptography;
using System.Text;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>One request a <see cref="WebhookReceiver"/> got: its number (1-based), method, path, headers and body.</summary>
public sealed record ReceivedWebhook(int Number, DateTime At, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string Text => Encoding.UTF8.GetString(Body);

    public string? WebhookId => Header("webhook-id");

    /// <summary>
    /// Whether the Standard Webhooks signature verifies with <paramref name="secret"/>, as a receiver
    /// would check it (written from the spec, not from the sender's code): HMAC-SHA256 over
    /// <c>id.timestamp.body</c>, the key the base64 after <c>whsec_</c> or the secret's UTF-8 bytes.
    /// </summary>
    public bool SignatureVerifies(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.UTF8.GetBytes($"{Header("webhook-id")}.{Header("webhook-timestamp")}.").Concat(Body).ToArray();
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)));
        return (Header("webhook-signature") ?? "").Split(' ')
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    public override string ToString() => $"#{Number} {Method} {Path} webhook-id={WebhookId} ({Body.Length} bytes)";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Standard Webhooks signing: HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as
/// <c>webhook-signature: v1,&lt;base64&gt;</c> with the timestamp in Unix seconds. A secret of the form
/// <c>whsec_&lt;base64&gt;</c> is the base64-decoded key (what Standard Webhooks libraries generate); any
/// other secret is its UTF-8 bytes. The secret stays in memory here; nothing in this type logs it.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";

    /// <summary>The <c>webhook-timestamp</c> of <paramref name="at"/>: whole Unix seconds.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>webhook-signature</c> header value (<c>v1,&lt;base64&gt;</c>) of one message.</summary>
    public static string Sign(string secret, string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        var key = Key(secret);
        try
        {
            return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The HMAC key a secret stands for (see the type's remarks).</summary>
    public static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(secret[SecretPrefix.Length..]);
            }
            catch (FormatException)
            {
                // Not base64 after all: the whole text is the key, as for any other secret.
            }
        }

        return Encoding.UTF8.GetBytes(secret);
    }
}

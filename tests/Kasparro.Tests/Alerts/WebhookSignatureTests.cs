using System.Security.Cryptography;
using System.Text;
using Kasparro.Grains.Alerts;

namespace Kasparro.Tests.Alerts;

/// <summary>
/// The signature checked by a verifier written here from the Standard Webhooks spec alone (not from
/// <see cref="WebhookSignature"/>): HMAC-SHA256 of <c>id.timestamp.body</c>, <c>v1,</c> + base64, the
/// key the base64 after <c>whsec_</c> or the secret's UTF-8 bytes.
/// </summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"d1","type":"run.failed","data":{"x":"é"}}""");

    [Fact]
    public void A_whsec_secret_signs_with_its_decoded_key()
    {
        var key = RandomNumberGenerator.GetBytes(24);
        var secret = "whsec_" + Convert.ToBase64String(key);

        var header = WebhookSignature.Sign(secret, "msg_1", "1700000000", Body);

        Assert.True(Verify(key, "msg_1", "1700000000", Body, header));
        Assert.False(Verify(Encoding.UTF8.GetBytes(secret), "msg_1", "1700000000", Body, header));
    }

    [Fact]
    public void A_plain_secret_signs_with_its_utf8_bytes()
    {
        const string secret = "a-plain-shared-secret-ü";

        var header = WebhookSignature.Sign(secret, "msg_2", "1700000001", Body);

        Assert.True(Verify(Encoding.UTF8.GetBytes(secret), "msg_2", "1700000001", Body, header));
    }

    [Fact]
    public void Changing_the_id_timestamp_or_body_breaks_the_signature()
    {
        const string secret = "another-secret-of-some-length";
        var key = Encoding.UTF8.GetBytes(secret);
        var header = WebhookSignature.Sign(secret, "msg_3", "1700000002", Body);

        Assert.False(Verify(key, "msg_4", "1700000002", Body, header));
        Assert.False(Verify(key, "msg_3", "1700000003", Body, header));
        Assert.False(Verify(key, "msg_3", "1700000002", [.. Body, (byte)' '], header));
    }

    [Fact]
    public void The_timestamp_is_whole_unix_seconds()
    {
        Assert.Equal("1700000000", WebhookSignature.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_999)));
    }

    /// <summary>A receiver's check, straight from the spec.</summary>
    internal static bool Verify(byte[] key, string id, string timestamp, byte[] body, string header)
    {
        using var hmac = new HMACSHA256(key);
        var signed = Encoding.UTF8.GetBytes(id + "." + timestamp + ".").Concat(body).ToArray();
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(signed));
        return header.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }
}

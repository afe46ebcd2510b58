using System.Security.Cryptography;
using System.Text;

namespace Kasparro.Api.Http;

/// <summary>
/// Compares a presented API key with the configured one in constant time: both are hashed to 32
/// bytes (so neither their lengths nor a common prefix change how long the comparison takes) and
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>.
/// </summary>
public static class ApiKeyComparer
{
    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public static bool Matches(string? presented, byte[] expectedHash)
    {
        ArgumentNullException.ThrowIfNull(expectedHash);
        // A missing key is hashed like any other, so "no header" takes as long as a wrong one.
        var equal = CryptographicOperations.FixedTimeEquals(Hash(presented ?? ""), expectedHash);
        return equal && presented is not null;
    }
}

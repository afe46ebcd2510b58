using System.Globalization;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Reads a timestamp as UTC: ISO 8601 (a value without an offset is taken as UTC), or Unix epoch
/// seconds, or milliseconds when the number is too large to be seconds.
/// </summary>
public static class TimestampParser
{
    private const long MaxEpochSeconds = 100_000_000_000; // year 5138: larger numbers are milliseconds

    public static bool TryParse(string text, out DateTime utc)
    {
        utc = default;
        // .NET's parsers skip trailing NULs ("2024-01-01\0" would parse): text holding one is not a timestamp.
        if (string.IsNullOrWhiteSpace(text) || text.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        text = text.Trim();
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            try
            {
                var ms = Math.Abs(epoch) < MaxEpochSeconds ? epoch * 1000m : epoch;
                utc = DateTime.UnixEpoch.AddMilliseconds((double)decimal.Round(ms));
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            utc = parsed.UtcDateTime;
            return true;
        }

        return false;
    }
}

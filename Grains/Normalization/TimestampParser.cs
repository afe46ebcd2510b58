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
        if (TryParseUtcSeconds(text, out utc))
        {
            return true;
        }

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

    /// <summary>
    /// The form nearly every market file uses, <c>yyyy-MM-ddTHH:mm:ssZ</c>, read digit by digit: it is
    /// the one value of a row the general parser below is slow for. Anything else (fractions,
    /// offsets, other layouts, a field out of range) is left to the general parser, which reads this
    /// form to the same instant.
    /// </summary>
    internal static bool TryParseUtcSeconds(string t, out DateTime utc)
    {
        utc = default;
        if (t.Length != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
        {
            return false;
        }

        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}

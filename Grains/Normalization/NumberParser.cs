using System.Globalization;

namespace Kasparro.Grains.Normalization;

/// <summary>Parses figures as exact decimals (invariant culture, exponents allowed), telling non-finite values apart.</summary>
public static class NumberParser
{
    public enum Outcome
    {
        Ok,
        Invalid,
        NonFinite,
    }

    public static Outcome Parse(string text, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return Outcome.Ok;
        }

        // Not a decimal: is it a float-only value (NaN, ±Infinity, or beyond decimal's range)?
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return Outcome.NonFinite;
        }

        var t = text.Trim().TrimStart('+', '-');
        return t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t == "∞"
            ? Outcome.NonFinite
            : Outcome.Invalid;
    }
}

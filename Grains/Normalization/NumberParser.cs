using System.Globalization;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Parses figures as exact decimals (invariant culture, exponents allowed). A value is accepted only
/// when <see cref="decimal"/> holds it exactly: a finite value it would round (more than 28-29
/// significant digits, like 1e-31) or cannot hold at all (beyond ±7.9e28, like a 38-digit integer)
/// is <see cref="Outcome.OutOfRange"/>, never silently changed; <see cref="Outcome.NonFinite"/> is
/// only NaN and infinity.
/// </summary>
public static class NumberParser
{
    /// <summary>
    /// Text this short without an exponent has at most 28 digits, so its scale is at most 28 and its
    /// digits fit decimal's 96-bit mantissa: it parses exactly, and the check is skipped (the common case).
    /// </summary>
    private const int SurelyExactLength = 28;

    public enum Outcome
    {
        Ok,
        Invalid,
        NonFinite,
        OutOfRange,
    }

    public static Outcome Parse(string text, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);

        // .NET's parsers skip trailing NULs ("4\0" would be 4): text holding one is not a number.
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Reject(out value, Outcome.Invalid);
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (text.Length <= SurelyExactLength && !text.AsSpan().ContainsAny('e', 'E'))
            {
                return Outcome.Ok;
            }

            return SameNumber(text, value.ToString(CultureInfo.InvariantCulture)) ? Outcome.Ok : Reject(out value);
        }

        var t = text.Trim().TrimStart('+', '-');
        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t == "∞")
        {
            return Outcome.NonFinite;
        }

        // Not a decimal and not a non-finite word: a well-formed number is simply too large for decimal.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? Reject(out value, Outcome.OutOfRange) : Outcome.Invalid;
    }

    private static Outcome Reject(out decimal value, Outcome outcome = Outcome.OutOfRange)
    {
        value = 0;
        return outcome;
    }

    /// <summary>True when both texts spell the same number (same significant digits and magnitude).</summary>
    private static bool SameNumber(string source, string parsed) =>
        Canonical(source.AsSpan().Trim(), out var a, out var aExp) & Canonical(parsed, out var b, out var bExp)
        && (a.Length == 0 ? b.Length == 0 : a.SequenceEqual(b) && aExp == bExp);

    /// <summary>
    /// The significant digits of a number (no leading or trailing zeros; empty for zero) and the power
    /// of ten of the last of them. False when the text is not a plain number (the decimal parser agreed
    /// it was, so this does not happen in practice).
    /// </summary>
    private static bool Canonical(ReadOnlySpan<char> text, out ReadOnlySpan<char> digits, out long exponent)
    {
        digits = default;
        exponent = 0;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            text = text[1..];
        }

        var e = text.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!long.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                exponent = text[e + 1] == '-' ? long.MinValue / 2 : long.MaxValue / 2;
            }

            text = text[..e];
        }

        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        exponent -= fraction.Length;

        // Digits of whole and fraction without the point; a number string is short after trimming zeros.
        var all = string.Concat(whole, fraction).AsSpan().TrimStart('0');
        var trimmed = all.TrimEnd('0');
        exponent += all.Length - trimmed.Length;
        digits = trimmed;
        return true;
    }
}

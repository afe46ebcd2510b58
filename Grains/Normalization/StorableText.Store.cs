using System.Globalization;
using System.Text;

namespace Kasparro.Grains.Normalization;

/// <content>
/// The store's side of the boundary: what PostgreSQL <c>text</c> cannot hold at all (NUL, 22021; a
/// lone UTF-16 surrogate, which Npgsql cannot encode), and a readable escape for it. Normalized data
/// never holds either (the rules above clean or refuse it first); these are the last line, used by
/// both stores to refuse, alike, a value that slipped past and to keep what they store readable.
/// </content>
public static partial class StorableText
{
    /// <summary>Why <paramref name="text"/> cannot be stored, or null when it can.</summary>
    public static string? StoreProblem(string? text)
    {
        // The common case in one vectorized scan: nothing outside U+0001..U+D7FF, so no NUL and no
        // surrogate. Only text with a character past that (an emoji, say) is looked at closely.
        var first = text is null ? -1 : text.AsSpan().IndexOfAnyExceptInRange('\u0001', '\uD7FF');
        if (first < 0)
        {
            return null;
        }

        for (var i = first; i < text!.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "22021: invalid byte sequence for encoding \"UTF8\": 0x00";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"encoding: lone surrogate U+{(int)c:X4} at index {i} has no UTF-8 form");
            }
        }

        return null;
    }

    /// <summary>Characters in the PostgreSQL sense (Unicode code points, a surrogate pair counting once).</summary>
    public static int CodePoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = 0;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                pairs++;
                i++;
            }
        }

        return text.Length - pairs;
    }

    /// <summary>
    /// <paramref name="text"/> made storable: NUL and lone surrogates written as <c>\u0000</c>-style
    /// escapes (readable, and never refused), everything else unchanged.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (StoreProblem(text) is null)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}

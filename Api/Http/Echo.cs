using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kasparro.Api.Http;

/// <summary>
/// The one rule for client input written back in a response (a value in a problem's detail, a key of
/// its <c>errors</c>, the path in <c>instance</c>): at most <see cref="Limit"/> characters, cut at a
/// character boundary (<see cref="Clip"/>) with a marker saying it was cut; and control
/// and invisible formatting characters written as <c>\uXXXX</c>, so an echo can neither swell a
/// response nor break a log line, a terminal or the reading order of the text around it.
/// </summary>
public static class Echo
{
    /// <summary>The most UTF-16 units of one input value a response repeats.</summary>
    public const int Limit = 64;

    private const string Ellipsis = "\u2026";

    /// <summary>
    /// The value in single quotes for a message; when clipped, followed by its full length, so the reader
    /// knows the quote is a head: <c>'abc…' (10485760 characters, clipped)</c>. Null is <c>(none)</c>.
    /// </summary>
    public static string Quote(string? text, int limit = Limit)
    {
        if (text is null)
        {
            return "(none)";
        }

        var shown = Token(text, limit);
        return text.Length <= limit
            ? $"'{shown}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{shown}' ({text.Length} characters, clipped)");
    }

    /// <summary>The value bare (a key, a path): clipped with a trailing ellipsis, hidden characters escaped.</summary>
    public static string Token(string text, int limit = Limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Visible(Clip(text, limit));
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 units of <paramref name="text"/> and an ellipsis when
    /// it was longer, cut between text elements (graphemes), or between runes when one element is longer
    /// than the limit. Only the head is walked: clipping a 10 MB value costs what the limit costs.
    /// </summary>
    public static string Clip(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = 0;
        while (cut < maxLength && cut + StringInfo.GetNextTextElementLength(text, cut) is var next && next <= maxLength)
        {
            cut = next;
        }

        if (cut == 0 && maxLength > 0)
        {
            cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        }

        return string.Concat(text.AsSpan(0, cut), Ellipsis);
    }

    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL, C1), formatting character (bidi
    /// overrides, zero-width marks, the invisible tag characters), line or paragraph separator and lone
    /// surrogate written as <c>\uXXXX</c> (a character beyond the BMP as its two UTF-16 escapes). Not a
    /// clip: callers bound the length first (an escape is six characters).
    /// </summary>
    public static string Visible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstHidden(text);
        if (first < 0)
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length;)
        {
            var used = Next(text, i, out var hidden);
            for (var j = i; j < i + used; j++)
            {
                if (hidden)
                {
                    shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[j]:X4}");
                }
                else
                {
                    shown.Append(text[j]);
                }
            }

            i += used;
        }

        return shown.ToString();
    }

    private static int FirstHidden(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            var used = Next(text, i, out var hidden);
            if (hidden)
            {
                return i;
            }

            i += used;
        }

        return -1;
    }

    /// <summary>The UTF-16 units of the character at <paramref name="index"/>, and whether it is one that does not show as itself.</summary>
    private static int Next(string text, int index, out bool hidden)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var used) != OperationStatus.Done)
        {
            hidden = true; // a lone surrogate
            return 1;
        }

        hidden = Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
        return used;
    }
}

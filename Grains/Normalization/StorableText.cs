using System.Globalization;
using System.Text;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// The one text boundary: every string that can reach a store (a PostgreSQL <c>text</c> column, or
/// <c>jsonb</c> such as the run log's checkpoints) is made storable here. PostgreSQL refuses NUL in <c>text</c> and
/// <c>\u0000</c> in <c>jsonb</c>, and Npgsql refuses a lone UTF-16 surrogate; the in-memory store
/// accepts all three, so without one rule the two stores would land different rows. The rules, per
/// kind of text:
/// <list type="bullet">
/// <item><b>Key</b> (asset id and symbol, a news item's key): identity must not be silently changed,
/// so a key holding any control character (NUL, C0, DEL, C1, tab and line breaks too) or a lone
/// surrogate is refused (<see cref="IsCleanKey"/>), and the row is rejected as <c>invalid_text</c>.</item>
/// <item><b>Free text</b> (asset name, news title, summary, link, authors, categories, rejection
/// details, run error messages): control characters are removed, except tab, line feed and carriage
/// return, and a lone surrogate becomes U+FFFD (<see cref="Free"/>).</item>
/// <item><b>Name</b> (CSV header names in the checkpoint, drift field names): all control characters
/// are removed, lone surrogates become U+FFFD, surrounding white space is trimmed (<see cref="Name"/>).</item>
/// <item><b>Raw payload</b> of a rejected record: kept as read, except NUL becomes U+2400 (␀, so it
/// stays visible) and a lone surrogate U+FFFD, then capped at <see cref="PayloadLimitBytes"/> UTF-8
/// bytes (<see cref="Payload"/>); the original size is stored beside it.</item>
/// </list>
/// Clipping never splits a character: <see cref="Clip"/> cuts at a text-element (grapheme) boundary,
/// falling back to a <see cref="Rune"/> boundary for a single element longer than the limit.
/// Clean text, the common case, is returned as the same instance after one vectorized scan.
/// </summary>
public static partial class StorableText
{
    /// <summary>The most UTF-8 bytes of a rejected record's raw payload that are stored.</summary>
    public const int PayloadLimitBytes = 4096;

    /// <summary>The longest rejection detail or run error message stored, in UTF-16 units before the ellipsis.</summary>
    public const int MessageLimit = 2000;

    private const string Ellipsis = "…";

    /// <summary>True when <paramref name="value"/> may serve as a key: no control characters and no lone surrogates.</summary>
    public static bool IsCleanKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return !HasControlOrSurrogate(value) || (!HasControl(value) && !HasLoneSurrogate(value));
    }

    /// <summary>Free text: control characters except tab, LF and CR removed; lone surrogates replaced by U+FFFD.</summary>
    public static string Free(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HasControlOrSurrogate(value) ? Same(value, Rebuild(value, keepLineBreaks: true, nul: null)) : value;
    }

    /// <summary>Free text or null.</summary>
    public static string? FreeOrNull(string? value) => value is null ? null : Free(value);

    /// <summary>A field or header name: every control character removed, lone surrogates replaced, trimmed.</summary>
    public static string Name(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (HasControlOrSurrogate(value) ? Same(value, Rebuild(value, keepLineBreaks: false, nul: null)) : value).Trim();
    }

    /// <summary>A message (rejection detail, run error): free text clipped to <see cref="MessageLimit"/>.</summary>
    public static string Message(string value) => Free(Clip(value, MessageLimit));

    /// <summary>
    /// A raw payload: NUL shown as U+2400, lone surrogates replaced, then cut at a character boundary
    /// to at most <see cref="PayloadLimitBytes"/> UTF-8 bytes.
    /// </summary>
    public static string Payload(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // The limit in bytes is never more UTF-16 units, so only that head is cleaned (a 10 MB row costs what 4 KB costs).
        var head = value;
        if (value.Length > PayloadLimitBytes)
        {
            head = value[..(char.IsHighSurrogate(value[PayloadLimitBytes - 1]) ? PayloadLimitBytes - 1 : PayloadLimitBytes)];
        }

        if (HasControlOrSurrogate(head))
        {
            head = Same(head, Rebuild(head, keepLineBreaks: true, nul: '\u2400', keepControls: true));
        }

        // A UTF-16 unit is at most 3 UTF-8 bytes: short text needs no count.
        return head.Length * 3L <= PayloadLimitBytes ? head : ClipUtf8(head, PayloadLimitBytes);
    }

    /// <summary>
    /// <paramref name="value"/> cut to at most <paramref name="maxLength"/> UTF-16 units at a text-element
    /// boundary, with an ellipsis appended when anything was cut.
    /// </summary>
    public static string Clip(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (value.Length <= maxLength)
        {
            return value;
        }

        if (maxLength == 0)
        {
            return Ellipsis;
        }

        // Only the head is walked, so clipping a 10 MB value costs what the limit costs.
        var cut = 0;
        while (cut < maxLength)
        {
            var next = StringInfo.GetNextTextElementLength(value, cut);
            if (cut + next > maxLength)
            {
                break;
            }

            cut += next;
        }

        if (cut == 0)
        {
            // One text element longer than the limit (a long run of combining marks): a Rune boundary will do.
            cut = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        }

        return string.Concat(value.AsSpan(0, cut), Ellipsis);
    }

    /// <summary>The longest head of <paramref name="value"/> whose UTF-8 form fits in <paramref name="maxBytes"/>, cut between runes.</summary>
    public static string ClipUtf8(string value, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = 0;
        var index = 0;
        while (index < value.Length)
        {
            // A lone surrogate counts as the 3 bytes of the U+FFFD it becomes.
            var status = Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var used);
            var size = status == System.Buffers.OperationStatus.Done ? rune.Utf8SequenceLength : 3;
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            index += used;
        }

        return index == value.Length ? value : value[..index];
    }

    /// <summary>The original instance when cleaning changed nothing (tab and line breaks alone).</summary>
    private static string Same(string original, string cleaned) => string.Equals(original, cleaned, StringComparison.Ordinal) ? original : cleaned;

    private static bool HasControlOrSurrogate(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\0', '\u001f') || value.ContainsAnyInRange('\u007f', '\u009f') || value.ContainsAnyInRange('\ud800', '\udfff');

    private static bool HasControl(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\0', '\u001f') || value.ContainsAnyInRange('\u007f', '\u009f');

    private static bool HasLoneSurrogate(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Rebuild(string value, bool keepLineBreaks, char? nul, bool keepControls = false)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (c == '\0' && nul is { } shown)
            {
                builder.Append(shown);
            }
            else if (!char.IsControl(c) || (keepLineBreaks && c is '\t' or '\n' or '\r') || (keepControls && c != '\0'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

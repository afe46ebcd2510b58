using System.Globalization;
using System.Text;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// JSON text made storable in <c>jsonb</c> and readable as strings. PostgreSQL refuses an escaped NUL
/// (<c>\u0000</c>) in <c>jsonb</c>, and System.Text.Json refuses to read an escaped lone surrogate as a
/// string. Both can only appear as <c>\u</c> escapes (raw control characters are invalid JSON), so
/// the escapes are rewritten in the text, without parsing: an escaped control character is dropped
/// (tab, line feed and carriage return are kept, as <see cref="StorableText.Free"/> does), a lone
/// surrogate becomes U+FFFD, everything else (escaped surrogate pairs included) is kept as written.
/// JSON without a <c>\u</c> escape is returned as the same instance.
/// </summary>
public static class StorableJson
{
    public static string Clean(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return json;
        }

        var builder = new StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 == json.Length)
            {
                builder.Append(json[i]);
                continue;
            }

            if (!TryEscape(json, i, out var unit))
            {
                builder.Append(json, i, 2); // another escape (\\ too): kept whole, so its second char is not read as a start
                i++;
                continue;
            }

            if (char.IsHighSurrogate(unit) && TryEscape(json, i + 6, out var low) && char.IsLowSurrogate(low))
            {
                builder.Append(json, i, 12);
                i += 11;
            }
            else if (char.IsSurrogate(unit))
            {
                builder.Append("\\uFFFD");
                i += 5;
            }
            else if (char.IsControl(unit) && unit is not ('\t' or '\n' or '\r'))
            {
                i += 5;
            }
            else
            {
                builder.Append(json, i, 6);
                i += 5;
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads a <c>\uXXXX</c> escape at <paramref name="at"/>.</summary>
    private static bool TryEscape(string json, int at, out char unit)
    {
        unit = default;
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u'
            || !ushort.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        unit = (char)code;
        return true;
    }
}

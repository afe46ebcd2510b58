using System.Text.Json;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Connectors;

/// <summary>
/// Turns a JSON object into a source record: numbers keep their exact text (parsed later as
/// decimals, never through a double), strings their value, null stays null, objects and arrays
/// their raw JSON.
/// </summary>
public static class JsonRecords
{
    public static SourceRecord From(JsonElement element, string position)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{position}: expected a JSON object, found {element.ValueKind}.");
        }

        try
        {
            return new SourceRecord(Fields(element), element.GetRawText(), position);
        }
        catch (InvalidOperationException)
        {
            // A property NAME with a lone surrogate escape ("\ud800") cannot be read as a .NET string:
            // read the record again with such escapes made U+FFFD (see StorableJson), as header names
            // are cleaned, so one bad name never fails a run. (Values are read one by one below.)
            using var cleaned = JsonDocument.Parse(StorableJson.Clean(element.GetRawText()));
            return new SourceRecord(Fields(cleaned.RootElement), element.GetRawText(), position);
        }
    }

    private static Dictionary<string, string?> Fields(JsonElement element)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => ReadString(property.Value),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }

        return fields;
    }

    /// <summary>
    /// A string value as the source sent it. System.Text.Json has no .NET string for a lone surrogate
    /// escape, so such a value is decoded here by hand, lone surrogate included: the text boundary then
    /// rejects a key holding it (<c>invalid_text</c>) and replaces it in free text, as for any source.
    /// </summary>
    private static string? ReadString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText());
        }
    }

    /// <summary>The value of a JSON string literal (quotes included in <paramref name="literal"/>), escapes decoded.</summary>
    private static string Unescape(string literal)
    {
        var text = literal.AsSpan(1, literal.Length - 2);
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            var escape = text[++i];
            if (escape == 'u' && i + 4 < text.Length
                && ushort.TryParse(text.Slice(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var unit))
            {
                builder.Append((char)unit);
                i += 4;
                continue;
            }

            builder.Append(escape switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => escape, // \" \\ \/
            });
        }

        return builder.ToString();
    }
}

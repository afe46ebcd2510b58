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
            // A lone surrogate escape ("\ud800") cannot be read as a .NET string: read the record again
            // with such escapes made U+FFFD (see StorableJson), so one bad string never fails a run.
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
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }

        return fields;
    }
}

using System.Text.Json;

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

        return new SourceRecord(fields, element.GetRawText(), position);
    }
}

using System.Text;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>
/// An event's changes as the <c>jsonb</c> of <c>source_events.changes</c>:
/// <c>{"Url": {"before": "...", "after": null}, ...}</c>. Setting names are data and are written as
/// they are (no naming policy). Read back in ordinal order of names, as the in-memory store keeps them.
/// </summary>
public static class SettingChangesJson
{
    private const string Before = "before";
    private const string After = "after";

    public static string Write(IReadOnlyDictionary<string, SettingChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, change) in changes)
            {
                writer.WriteStartObject(name);
                writer.WriteString(Before, change.Before);
                writer.WriteString(After, change.After);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        // The text was made storable already; this is the boundary's last line for jsonb all the same.
        return StorableJson.Clean(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static IReadOnlyDictionary<string, SettingChange> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var changes = new SortedDictionary<string, SettingChange>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            changes[property.Name] = new SettingChange(Text(property.Value, Before), Text(property.Value, After));
        }

        return new Dictionary<string, SettingChange>(changes, StringComparer.Ordinal);
    }

    private static string? Text(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

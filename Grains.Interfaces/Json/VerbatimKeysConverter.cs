using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kasparro.Grains.Interfaces.Json;

/// <summary>
/// Writes a dictionary whose keys are data (source ids such as <c>exchange-b</c>), not member
/// names, exactly as they are: the service-wide snake_case key policy must not rewrite them.
/// </summary>
public sealed class VerbatimKeysConverter<T> : JsonConverter<IReadOnlyDictionary<string, T>>
{
    public override IReadOnlyDictionary<string, T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Dictionary<string, T>>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WritePropertyName(key);
            JsonSerializer.Serialize(writer, item, options);
        }

        writer.WriteEndObject();
    }
}

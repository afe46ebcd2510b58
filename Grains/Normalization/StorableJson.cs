using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// JSON text made storable in <c>jsonb</c> and safe for field names: an escaped NUL (<c>\u0000</c>,
/// which PostgreSQL refuses in <c>jsonb</c>), another escaped control character or a lone surrogate
/// in a property name or string value is cleaned as <see cref="StorableText"/> does (names as names,
/// values as free text). JSON without a <c>\u</c> escape cannot hold either (raw control characters
/// are invalid JSON and the reader refuses them), so it is returned as it is, unparsed.
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

        try
        {
            return Clean(JsonNode.Parse(json))?.ToJsonString() ?? json;
        }
        catch (JsonException)
        {
            return json; // not JSON at all: the analyzer reports it as such
        }
    }

    private static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(StorableText.Name(p.Key), Clean(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(e => Clean(e?.DeepClone())).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(StorableText.Free(v.GetValue<string>())),
        _ => node,
    };
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kasparro.Api.Http;

/// <summary>
/// A source definition between its JSON form (snake_case names, nested objects:
/// <c>{"batch_size": 500, "resilience": {"max_attempts": 3}, "columns": {"symbol": "ticker"}}</c>)
/// and the flat settings the cluster keeps (<c>BatchSize</c>, <c>Resilience:MaxAttempts</c>,
/// <c>Columns:symbol</c>), which are read exactly as a <c>Kasparro:Sources:{id}</c> configuration
/// entry is. Column names (the keys under <c>columns</c>) are kept as written.
/// </summary>
public static class SourceSettingsJson
{
    private const string Columns = "columns";

    /// <summary>Settings whose value is a duration: a JSON number there is refused (configuration would read 300 as 300 days).</summary>
    private static readonly HashSet<string> Durations = new(StringComparer.OrdinalIgnoreCase)
    {
        "Interval", "Resilience:MinDelay", "Resilience:MaxDelay", "Resilience:AttemptTimeout", "Resilience:BreakDuration",
    };

    /// <summary>The flat settings of a JSON object, or the problems with it by field (snake_case path, dot-separated).</summary>
    public static (Dictionary<string, string> Settings, Dictionary<string, string[]> Errors) Read(JsonElement body, string id)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object: the source's definition."];
            return (settings, errors);
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name.Equals("id", StringComparison.OrdinalIgnoreCase))
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() != id)
                {
                    errors["id"] = [$"id must be the id in the path ({Echo.Quote(id)}), or left out."];
                }

                continue;
            }

            Flatten(property.Value, property.Name, Pascal(property.Name), settings, errors, underColumns: property.Name.Equals(Columns, StringComparison.OrdinalIgnoreCase));
        }

        return (settings, errors);
    }

    private static void Flatten(
        JsonElement value, string field, string key, Dictionary<string, string> settings, Dictionary<string, string[]> errors, bool underColumns)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var child in value.EnumerateObject())
                {
                    Flatten(child.Value, $"{field}.{child.Name}", $"{key}:{(underColumns ? child.Name : Pascal(child.Name))}", settings, errors, underColumns: false);
                }

                break;
            case JsonValueKind.String:
                settings[key] = value.GetString()!;
                break;
            case JsonValueKind.Number when Durations.Contains(key):
                errors[field] = [$"{field} is a duration: give it as a string \"d.hh:mm:ss\" (e.g. \"00:05:00\"), not a number."];
                break;
            case JsonValueKind.Number:
                settings[key] = value.GetRawText();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                settings[key] = value.GetBoolean() ? "true" : "false";
                break;
            case JsonValueKind.Null:
                break; // unset: the default applies
            default:
                errors[field] = [$"{field} is a list; a source setting is a string, a number, true/false or an object."];
                break;
        }
    }

    /// <summary>The settings as a nested JSON object with snake_case names; secrets are already masked by the caller.</summary>
    public static JsonObject Write(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = new JsonObject();
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            var parts = key.Split(':');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var name = Field(parts, i);
                if (node[name] is not JsonObject next)
                {
                    next = new JsonObject();
                    node[name] = next;
                }

                node = next;
            }

            node[Field(parts, parts.Length - 1)] = value;
        }

        return root;
    }

    /// <summary>A setting's key as the API names the field (<c>Resilience:MaxAttempts</c> → <c>resilience.max_attempts</c>).</summary>
    public static string FieldOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':');
        return string.Join('.', parts.Select((_, i) => Field(parts, i)));
    }

    private static string Field(string[] parts, int i) =>
        i > 0 && parts[i - 1].Equals("Columns", StringComparison.OrdinalIgnoreCase) ? parts[i] : JsonNamingPolicy.SnakeCaseLower.ConvertName(parts[i]);

    /// <summary><c>batch_size</c> → <c>BatchSize</c> (configuration keys compare without case, so this is for display).</summary>
    private static string Pascal(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var word in name.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return text.Length == 0 ? name : text.ToString();
    }
}

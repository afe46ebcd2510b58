using System.Text.Json;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Http;

/// <summary>
/// The body of <c>PUT /alerts/webhooks/{id}</c>: <c>{"url", "kinds", "sources", "format", "secret",
/// "enabled"}</c> (names in any case; <c>id</c> allowed when it is the path's). Only the shape is checked
/// here — a field of the wrong JSON type or one the API does not know is a 400 naming it; what the
/// values mean (a URL allowed, known kinds, a long enough secret) the registry checks. Absent:
/// kinds and sources empty (every kind, every source), format standard, enabled true, secret null
/// (a replace keeps the stored one).
/// </summary>
public static class WebhookBodyJson
{
    private static readonly string[] Fields = ["url", "kinds", "sources", "format", "secret", "enabled"];

    public static (WebhookDefinition? Definition, Dictionary<string, string[]> Errors) Read(JsonElement body, string id)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object: the webhook's url, kinds, sources, format, secret and enabled."];
            return (null, errors);
        }

        string? url = null, format = null, secret = null;
        string[] kinds = [], sources = [];
        var enabled = true;
        foreach (var property in body.EnumerateObject())
        {
            var name = property.Name.ToLowerInvariant();
            var value = property.Value;
            switch (name)
            {
                case "id":
                    Check(value.ValueKind == JsonValueKind.String && value.GetString() == id, "id", $"id must be the id in the path ({Echo.Quote(id)}), or left out.", errors);
                    break;
                case "url":
                    url = Text(value, "url", errors);
                    break;
                case "format":
                    format = Text(value, "format", errors);
                    break;
                case "secret":
                    // The message never quotes the value: it may be a secret, even of the wrong type.
                    secret = value.ValueKind is JsonValueKind.Null ? null : Text(value, "secret", errors);
                    break;
                case "kinds":
                    kinds = Strings(value, "kinds", errors);
                    break;
                case "sources":
                    sources = Strings(value, "sources", errors);
                    break;
                case "enabled":
                    Check(value.ValueKind is JsonValueKind.True or JsonValueKind.False, "enabled", "enabled must be true or false.", errors);
                    enabled = value.ValueKind != JsonValueKind.False;
                    break;
                default:
                    errors[Echo.Token(property.Name)] = [$"{Echo.Quote(property.Name)} is not a webhook field; expected {string.Join(", ", Fields)}."];
                    break;
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new WebhookDefinition(url ?? "", kinds, sources, format ?? WebhookFormats.Standard, secret, enabled), errors);
    }

    private static string? Text(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        Check(value.ValueKind == JsonValueKind.String, field, $"{field} must be a string.", errors);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string[] Strings(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var ok = value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String);
        Check(ok, field, $"{field} must be an array of strings (empty or left out: all).", errors);
        return ok ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];
    }

    private static void Check(bool ok, string field, string message, Dictionary<string, string[]> errors)
    {
        if (!ok)
        {
            errors[field] = [message];
        }
    }
}

using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Builds an alert's <c>data</c>: a JSON object with snake_case keys, written in the order the
/// builder adds them and with every dictionary sorted by key (ordinal), so the same fact always gives
/// the same text (a retried outbox stores the same bytes).
/// </summary>
internal static class AlertData
{
    public static string Text(JsonObject data) => data.ToJsonString();

    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    public static JsonObject Numbers(IReadOnlyDictionary<string, double> values) =>
        Sorted(values, v => JsonValue.Create(v));

    public static JsonObject Sorted<T>(IEnumerable<KeyValuePair<string, T>> values, Func<T, JsonNode?> value)
    {
        var json = new JsonObject();
        foreach (var (key, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json[key] = value(v);
        }

        return json;
    }

    /// <summary>The run's figures every run alert carries.</summary>
    public static JsonObject Run(RunInfo run) => new()
    {
        ["run_id"] = run.RunId.ToString("D"),
        ["status"] = RunStatusNames.Name(run.Status),
        ["trigger"] = run.Trigger,
        ["started_at"] = run.StartedAt,
        ["completed_at"] = run.CompletedAt,
        ["records_read"] = run.RecordsRead,
        ["records_written"] = run.RecordsWritten,
        ["records_rejected"] = run.RecordsRejected,
    };
}

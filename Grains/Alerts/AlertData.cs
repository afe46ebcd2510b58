using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Builds an alert's <c>data</c>: a JSON object with snake_case keys, written in the order the
/// builder adds them and with every dictionary sorted by key (ordinal), so the same fact always gives
/// the same text (a retried outbox stores the same bytes). Receivers read it raw (a Slack text, a
/// log), so only what JSON requires is escaped (not <c>&lt;</c>, <c>+</c> or accents); it is never embedded in HTML.
/// </summary>
internal static class AlertData
{
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonObject data) => data.ToJsonString(Writing);

    /// <summary>A time as UTC (a time read back from storage may have lost its kind), so it is written with its <c>Z</c>.</summary>
    public static DateTime? Time(DateTime? at) => at is { } t && t.Kind != DateTimeKind.Utc
        ? (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc))
        : at;

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
        ["started_at"] = Time(run.StartedAt),
        ["completed_at"] = Time(run.CompletedAt),
        ["records_read"] = run.RecordsRead,
        ["records_written"] = run.RecordsWritten,
        ["records_rejected"] = run.RecordsRejected,
    };
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The bytes a delivery sends, built from the <see cref="ClaimedDelivery"/> alone, so every retry of
/// one delivery sends the same body (and a receiver that deduplicates on <c>webhook-id</c> sees one
/// message). <see cref="WebhookFormats.Standard"/>: the Standard Webhooks event — <c>id</c> (the
/// delivery id), <c>type</c>, <c>timestamp</c> (the first event's time), the latest event's
/// <c>summary</c> and <c>data</c>, the <c>count</c> of events folded in and the carried <c>events</c>.
/// <see cref="WebhookFormats.Slack"/>: <c>{"text": …}</c>, one readable line.
/// </summary>
public static class WebhookBody
{
    /// <summary>The body of <paramref name="delivery"/> in <paramref name="format"/> (unknown formats: standard).</summary>
    public static byte[] Build(ClaimedDelivery delivery, string format)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (string.Equals(format, WebhookFormats.Slack, StringComparison.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("text", SlackText(delivery));
                json.WriteEndObject();
            }
            else
            {
                WriteStandard(json, delivery);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The Slack line: severity, kind, source, the latest summary and, when repeats were folded in,
    /// how many. <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are escaped as Slack asks, so a summary cannot form a link or mention.
    /// </summary>
    public static string SlackText(ClaimedDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var latest = delivery.Events.Count > 0 ? delivery.Events[^1] : null;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{latest?.Severity ?? AlertKinds.Info}] {delivery.Kind} · {delivery.Source}: {latest?.Summary ?? delivery.Kind}");
        if (delivery.EventCount > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $" (×{delivery.EventCount} in the grouping window)");
        }

        return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();
    }

    /// <summary>The sample <c>POST /alerts/webhooks/{id}/test</c> sends (<see cref="AlertKinds.Test"/>); never stored.</summary>
    public static ClaimedDelivery Sample(string subscriptionId, DateTime now)
    {
        var id = "test_" + Guid.NewGuid().ToString("N");
        var data = JsonSerializer.Serialize(new Dictionary<string, string> { ["subscription_id"] = subscriptionId });
        var sample = new AlertEvent(
            id, AlertKinds.Test, "kasparro", now, AlertKinds.Info, $"Test alert for webhook '{subscriptionId}': delivery works.", null, data);
        return new ClaimedDelivery(id, subscriptionId, AlertKinds.Test, "kasparro", 1, 0, now, [sample]);
    }

    /// <summary>ISO-8601 in UTC with seven fraction digits; a time of unspecified kind is taken as UTC (as stored).</summary>
    public static string Iso(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Local => at.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
            _ => at,
        };
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    private static void WriteStandard(Utf8JsonWriter json, ClaimedDelivery delivery)
    {
        var events = delivery.Events;
        var first = events.Count > 0 ? events[0] : null;
        var latest = events.Count > 0 ? events[^1] : null;
        json.WriteStartObject();
        json.WriteString("id", delivery.DeliveryId);
        json.WriteString("type", delivery.Kind);
        json.WriteString("timestamp", Iso(first?.OccurredAt ?? delivery.CreatedAt));
        json.WriteString("source", delivery.Source);
        json.WriteString("severity", latest?.Severity ?? AlertKinds.Info);
        json.WriteString("summary", latest?.Summary ?? delivery.Kind);
        json.WriteNumber("count", delivery.EventCount);
        json.WriteString("first_occurred_at", Iso(first?.OccurredAt ?? delivery.CreatedAt));
        json.WriteString("last_occurred_at", Iso(latest?.OccurredAt ?? delivery.CreatedAt));
        json.WriteStartArray("event_ids");
        foreach (var e in events)
        {
            json.WriteStringValue(e.Id);
        }

        json.WriteEndArray();
        json.WritePropertyName("data");
        WriteData(json, latest?.Data);
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("occurred_at", Iso(e.OccurredAt));
            json.WriteString("summary", e.Summary);
            if (e.RunId is { } run)
            {
                json.WriteString("run_id", run);
            }
            else
            {
                json.WriteNull("run_id");
            }

            json.WritePropertyName("data");
            WriteData(json, e.Data);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An event's data as it was stored (a JSON object), embedded as is; anything else as an empty object.</summary>
    private static void WriteData(Utf8JsonWriter json, string? data)
    {
        if (!string.IsNullOrWhiteSpace(data) && IsObject(data))
        {
            json.WriteRawValue(data, skipInputValidation: true);
        }
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
    }

    private static bool IsObject(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

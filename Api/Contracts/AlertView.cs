using System.Text.Json;
using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>
/// An alert: the event (its kind's figures in <c>data</c>, a JSON object) and its delivery to each
/// subscription that wanted it. Answered alone (<c>GET /alerts/{id}</c>) it carries request_id and
/// timestamp and each delivery's attempts; inside a list it does neither.
/// </summary>
public sealed record AlertView(
    string Id,
    string Kind,
    string Source,
    DateTime OccurredAt,
    DateTime RaisedAt,
    string Severity,
    string Summary,
    Guid? RunId,
    JsonNode? Data,
    IReadOnlyList<AlertDeliveryView> Deliveries) : ApiResponse
{
    public static AlertView From(AlertRecord r, bool withAttempts)
    {
        ArgumentNullException.ThrowIfNull(r);
        var e = r.Event;
        return new AlertView(
            e.Id, e.Kind, e.Source, e.OccurredAt, r.RaisedAt, e.Severity, e.Summary, e.RunId, DataOf(e.Data),
            [.. r.Deliveries.Select(d => AlertDeliveryView.From(d, withAttempts))]);
    }

    /// <summary>An item of a list: its deliveries without their attempts.</summary>
    public static AlertView FromListed(AlertRecord r) => From(r, withAttempts: false);

    /// <summary>The event's data as JSON; text that is not JSON (it never should be) as a string, not an error.</summary>
    private static JsonNode? DataOf(string data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return JsonValue.Create(data);
        }
    }
}

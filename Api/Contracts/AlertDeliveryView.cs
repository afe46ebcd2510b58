using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>
/// An alert's delivery to one subscription (<c>webhook</c>): <c>delivery_id</c> is the message's
/// <c>webhook-id</c>; <c>event_count</c> more than one when repeats were grouped into it. The
/// attempts themselves (<c>attempt_log</c>) are shown by <c>GET /alerts/{id}</c> only.
/// </summary>
public sealed record AlertDeliveryView(
    string DeliveryId,
    string Webhook,
    string State,
    int EventCount,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime CreatedAt,
    DateTime DueAt,
    DateTime? DeliveredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeliveryAttemptView>? AttemptLog)
{
    public static AlertDeliveryView From(AlertDelivery d, bool withAttempts)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new AlertDeliveryView(
            d.DeliveryId, d.SubscriptionId, d.State, d.EventCount, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.DueAt, d.DeliveredAt,
            withAttempts ? [.. (d.AttemptLog ?? []).Select(DeliveryAttemptView.From)] : null);
    }
}

using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The last delivery of one group (subscription, kind, source), as the planner sees it: whether a
/// repeat may still join it, and when the group's next delivery is due. A delivery made by this
/// plan is a tip too (<see cref="IsNew"/>); <see cref="Added"/> holds the events this plan put in it.
/// </summary>
public sealed class AlertGroupTip(
    string deliveryId, string subscriptionId, string kind, string source, string state, int attempts, bool claimed, DateTime createdAt, DateTime dueAt, bool isNew)
{
    public string DeliveryId { get; } = deliveryId;

    public string SubscriptionId { get; } = subscriptionId;

    public string Kind { get; } = kind;

    public string Source { get; } = source;

    public DateTime CreatedAt { get; } = createdAt;

    public DateTime DueAt { get; } = dueAt;

    public bool IsNew { get; } = isNew;

    /// <summary>The events this plan folded into the delivery, in plan order.</summary>
    public List<string> Added { get; } = [];

    /// <summary>
    /// A repeat joins only a delivery that is waiting for its window: pending, never claimed (a claimed
    /// one may already be on the wire, and every retry must send the same body), never attempted, and
    /// due later than it was made. The first delivery of a group is due at once and goes out alone.
    /// </summary>
    public bool TakesRepeats =>
        state == AlertDeliveryStates.Pending && attempts == 0 && !claimed && DueAt > CreatedAt;
}

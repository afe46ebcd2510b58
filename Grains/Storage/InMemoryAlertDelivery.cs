using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <summary>One delivery as <see cref="InMemoryAlertStore"/> keeps it (a row of <c>alert_deliveries</c>, its events and attempts); changed under the store's lock only.</summary>
internal sealed class InMemoryAlertDelivery(string id, long sequence, string subscriptionId, string kind, string source, DateTime createdAt, DateTime dueAt)
{
    public string Id { get; } = id;

    /// <summary>Order of creation (the table's identity column): the last of a group is the highest.</summary>
    public long Sequence { get; } = sequence;

    public string SubscriptionId { get; } = subscriptionId;

    public string Kind { get; } = kind;

    public string Source { get; } = source;

    public DateTime CreatedAt { get; } = createdAt;

    public string State { get; set; } = AlertDeliveryStates.Pending;

    public DateTime DueAt { get; set; } = dueAt;

    /// <summary>The events folded into it, in plan order.</summary>
    public List<string> EventIds { get; } = [];

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>Whether it was ever claimed (a claimed delivery takes no more events, even once its lease is gone).</summary>
    public bool Claimed { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public List<DeliveryAttempt> Log { get; } = [];

    public AlertGroupTip Tip() => new(Id, SubscriptionId, Kind, Source, State, Attempts, Claimed, CreatedAt, DueAt, isNew: false);

    public AlertDelivery View(bool withAttempts) =>
        new(Id, SubscriptionId, State, EventIds.Count, Attempts, LastStatusCode, LastError, CreatedAt, DueAt, DeliveredAt, withAttempts ? [.. Log] : []);
}

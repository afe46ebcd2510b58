using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The alert outbox (PostgreSQL <c>alert_events</c>/<c>alert_deliveries</c>/<c>alert_attempts</c>,
/// or memory under InMemory). Producers raise events (idempotent on <see cref="AlertEvent.Id"/>);
/// every silo's relay (<c>AlertRelay</c>) plans them into deliveries, one per subscription that wants
/// them (repeats of one kind and source folded within the grouping window), claims due deliveries
/// under a lease so two silos never send one at the same time, and records each attempt. A silo
/// that dies mid-delivery leaves a lease that runs out; another silo takes the delivery over.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores the events not stored yet; texts are made storable, nothing is refused for its text.</summary>
    Task RaiseAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Fans the events not planned yet (oldest first) out into deliveries for the subscriptions
    /// that want them, and cancels pending deliveries whose subscription is no longer there or is
    /// disabled. <paramref name="readSubscriptions"/> is called after the events to plan are read,
    /// outside any database transaction: every event planned was raised before the subscriptions
    /// were read, so a subscription stored before an event was raised always gets it; an event
    /// raised meanwhile waits for the next plan. Grouping, per subscription, kind and source:
    /// the first event makes a delivery due at once; an event within <paramref name="groupWindow"/>
    /// after the group's last delivery was due joins that delivery while it waits for its window
    /// (pending, never claimed), else makes one due a window after the last one was due (at most a
    /// window from now): one message per window. A zero window groups nothing (see AlertPlanner).
    /// One planner at a time across silos. Returns the events planned.
    /// </summary>
    Task<int> PlanAsync(
        Func<CancellationToken, Task<IReadOnlyList<WebhookSubscription>>> readSubscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> pending deliveries due by <paramref name="now"/> whose lease is
    /// free or ran out, each leased to <paramref name="owner"/> until now + <paramref name="lease"/>
    /// (oldest due first). A claimed delivery takes no more events.
    /// </summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int max, DateTime now, TimeSpan lease, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt of a delivery <paramref name="owner"/> holds, and its next state: delivered,
    /// pending again (due at <see cref="DeliveryOutcome.NextDueAt"/>, lease released) or failed.
    /// False when the lease was lost (ran out and another silo took it): the attempt is still logged.
    /// </summary>
    Task<bool> RecordAttemptAsync(string deliveryId, string owner, DeliveryAttempt attempt, DeliveryOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Alerts newest first (raised time, then id) with their deliveries, attempt logs empty.</summary>
    Task<Page<AlertRecord>> PageAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>One alert with its deliveries and each one's attempts (oldest first); null when unknown.</summary>
    Task<AlertRecord?> GetAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Deliveries by state.</summary>
    Task<AlertCounts> CountsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A delivery leased to one relay: what its body is built from. <see cref="Events"/> are the events
/// folded into it, oldest first (at most <see cref="MaxEventsCarried"/>; <see cref="EventCount"/>
/// counts all). The body depends on nothing else, so every retry sends the same bytes.
/// </summary>
public sealed record ClaimedDelivery(
    string DeliveryId,
    string SubscriptionId,
    string Kind,
    string Source,
    int EventCount,
    int Attempts,
    DateTime CreatedAt,
    IReadOnlyList<AlertEvent> Events)
{
    /// <summary>Most events a delivery's body carries in full; the count says how many there were.</summary>
    public const int MaxEventsCarried = 20;
}

/// <summary>Where a delivery goes after an attempt: <see cref="AlertDeliveryStates"/> and, for pending, when it is due again.</summary>
public sealed record DeliveryOutcome(string State, DateTime? NextDueAt)
{
    public static DeliveryOutcome Delivered { get; } = new(AlertDeliveryStates.Delivered, null);

    public static DeliveryOutcome Failed { get; } = new(AlertDeliveryStates.Failed, null);

    public static DeliveryOutcome RetryAt(DateTime due) => new(AlertDeliveryStates.Pending, due);
}

/// <summary>Conveniences over <see cref="IAlertStore"/>.</summary>
public static class AlertStoreExtensions
{
    /// <summary>Plans with a list of subscriptions known beforehand (tests, tools).</summary>
    public static Task<int> PlanAsync(
        this IAlertStore store, IReadOnlyList<WebhookSubscription> subscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(subscriptions);
        return store.PlanAsync(_ => Task.FromResult(subscriptions), groupWindow, now, cancellationToken);
    }
}

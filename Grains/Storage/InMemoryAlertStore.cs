using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The InMemory provider's alert outbox, held by one silo process and gone when it stops (each
/// silo of an in-memory test cluster has its own, as it has its own data). It answers as
/// PostgreSQL does: the same storable texts (<see cref="StorableAlertEvent"/>), the same grouping
/// (<see cref="AlertPlanner"/>), the same orders. One lock makes every call atomic, as a transaction would.
/// </summary>
public sealed partial class InMemoryAlertStore(TimeProvider? clock = null) : IAlertStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, StoredAlert> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InMemoryAlertDelivery> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Subscription, string Kind, string Source), InMemoryAlertDelivery> _lastOfGroup = [];

    // What a plan and a claim look at, kept apart so neither walks the whole history (the relay polls every second).
    private readonly List<StoredAlert> _unplanned = [];
    private int _planning;
    private readonly HashSet<InMemoryAlertDelivery> _pending = [];
    private readonly Lock _lock = new();
    private long _sequence;

    public Task RaiseAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stored = events.Select(StorableAlertEvent.From).ToArray();
        // One moment for the whole raise, as now() is one moment for a transaction.
        var raisedAt = StorableAlertEvent.Time(_clock.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            foreach (var e in stored)
            {
                var alert = new StoredAlert(e, raisedAt);
                if (_events.TryAdd(e.Id, alert))
                {
                    _unplanned.Add(alert);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<AlertCounts> CountsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            long Count(string state) => _deliveries.Values.LongCount(d => d.State == state);
            return Task.FromResult(new AlertCounts(
                Count(AlertDeliveryStates.Pending), Count(AlertDeliveryStates.Delivered), Count(AlertDeliveryStates.Failed), Count(AlertDeliveryStates.Cancelled)));
        }
    }

    /// <summary>Moves a delivery out of pending (delivered, failed, cancelled).</summary>
    private void Settle(InMemoryAlertDelivery delivery, string state)
    {
        delivery.State = state;
        delivery.LeaseOwner = null;
        delivery.LeaseUntil = null;
        if (state != AlertDeliveryStates.Pending)
        {
            _pending.Remove(delivery);
        }
    }

    /// <summary>An event, when it was raised, and the deliveries it went into (in order of creation).</summary>
    private sealed class StoredAlert(AlertEvent e, DateTime raisedAt)
    {
        public AlertEvent Event { get; } = e;

        public DateTime RaisedAt { get; } = raisedAt;

        public List<InMemoryAlertDelivery> Deliveries { get; } = [];
    }
}

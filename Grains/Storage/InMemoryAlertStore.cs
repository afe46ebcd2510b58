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
                _events.TryAdd(e.Id, new StoredAlert(e, raisedAt));
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

    /// <summary>An event, when it was raised, whether it was planned, and the deliveries it went into (in order of creation).</summary>
    private sealed class StoredAlert(AlertEvent e, DateTime raisedAt)
    {
        public AlertEvent Event { get; } = e;

        public DateTime RaisedAt { get; } = raisedAt;

        public bool Planned { get; set; }

        public List<InMemoryAlertDelivery> Deliveries { get; } = [];
    }
}

using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <content>Planning: events into deliveries, and deliveries of subscriptions gone or disabled cancelled.</content>
public sealed partial class InMemoryAlertStore
{
    public async Task<int> PlanAsync(
        Func<CancellationToken, Task<IReadOnlyList<WebhookSubscription>>> readSubscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readSubscriptions);
        now = StorableAlertEvent.Time(now);
        // One planner at a time, as PostgreSQL's advisory lock: a second one finds the turn taken.
        if (Interlocked.CompareExchange(ref _planning, 1, 0) != 0)
        {
            return 0;
        }

        try
        {
            List<StoredAlert> unplanned;
            lock (_lock)
            {
                unplanned = _unplanned.OrderBy(a => a.RaisedAt).ThenBy(a => a.Event.Id, StringComparer.Ordinal).ToList();
            }

            // Read after the events: an event raised from here on waits for the next plan.
            var subscriptions = await readSubscriptions(cancellationToken);
            lock (_lock)
            {
                CancelUnwanted(subscriptions, now);
                var planner = new AlertPlanner(subscriptions, groupWindow, now, g => _lastOfGroup.TryGetValue(g, out var last) ? last.Tip() : null);
                var taken = unplanned.ToHashSet();
                _unplanned.RemoveAll(taken.Contains);
                foreach (var alert in unplanned)
                {
                    planner.Plan(alert.Event.Id, alert.Event.Kind, alert.Event.Source);
                }

                foreach (var tip in planner.Touched)
                {
                    Apply(tip);
                }

                return unplanned.Count;
            }
        }
        finally
        {
            Volatile.Write(ref _planning, 0);
        }
    }

    /// <summary>Pending deliveries whose subscription is gone or disabled, unless one is being sent right now (its lease runs).</summary>
    private void CancelUnwanted(IReadOnlyList<WebhookSubscription> subscriptions, DateTime now)
    {
        var enabled = subscriptions.Where(s => s.Enabled).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var d in _pending.Where(d => !enabled.Contains(d.SubscriptionId) && !(d.LeaseUntil > now)).ToList())
        {
            Settle(d, AlertDeliveryStates.Cancelled);
        }
    }

    private void Apply(AlertGroupTip tip)
    {
        InMemoryAlertDelivery delivery;
        if (tip.IsNew)
        {
            delivery = new InMemoryAlertDelivery(tip.DeliveryId, ++_sequence, tip.SubscriptionId, tip.Kind, tip.Source, tip.CreatedAt, tip.DueAt);
            _deliveries.Add(delivery.Id, delivery);
            _pending.Add(delivery);
            _lastOfGroup[(tip.SubscriptionId, tip.Kind, tip.Source)] = delivery;
        }
        else
        {
            delivery = _deliveries[tip.DeliveryId];
        }

        foreach (var id in tip.Added)
        {
            delivery.EventIds.Add(id);
            _events[id].Deliveries.Add(delivery);
        }
    }
}

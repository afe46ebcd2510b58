using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <content>Planning: events into deliveries, and deliveries of subscriptions gone or disabled cancelled.</content>
public sealed partial class InMemoryAlertStore
{
    public Task<int> PlanAsync(IReadOnlyList<WebhookSubscription> subscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        now = StorableAlertEvent.Time(now);
        lock (_lock)
        {
            CancelUnwanted(subscriptions, now);
            var planner = new AlertPlanner(subscriptions, groupWindow, now, g => _lastOfGroup.TryGetValue(g, out var last) ? last.Tip() : null);
            var unplanned = _events.Values
                .Where(a => !a.Planned)
                .OrderBy(a => a.RaisedAt)
                .ThenBy(a => a.Event.Id, StringComparer.Ordinal)
                .ToList();
            foreach (var alert in unplanned)
            {
                planner.Plan(alert.Event.Id, alert.Event.Kind, alert.Event.Source);
                alert.Planned = true;
            }

            foreach (var tip in planner.Touched)
            {
                Apply(tip);
            }

            return Task.FromResult(unplanned.Count);
        }
    }

    /// <summary>Pending deliveries whose subscription is gone or disabled, unless one is being sent right now (its lease runs).</summary>
    private void CancelUnwanted(IReadOnlyList<WebhookSubscription> subscriptions, DateTime now)
    {
        var enabled = subscriptions.Where(s => s.Enabled).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var d in _deliveries.Values)
        {
            if (d.State == AlertDeliveryStates.Pending && !enabled.Contains(d.SubscriptionId) && !(d.LeaseUntil > now))
            {
                d.State = AlertDeliveryStates.Cancelled;
                d.LeaseOwner = null;
                d.LeaseUntil = null;
            }
        }
    }

    private void Apply(AlertGroupTip tip)
    {
        InMemoryAlertDelivery delivery;
        if (tip.IsNew)
        {
            delivery = new InMemoryAlertDelivery(tip.DeliveryId, ++_sequence, tip.SubscriptionId, tip.Kind, tip.Source, tip.CreatedAt, tip.DueAt);
            _deliveries.Add(delivery.Id, delivery);
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

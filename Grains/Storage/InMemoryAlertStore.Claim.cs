using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <content>Delivering: due deliveries claimed under a lease, attempts recorded.</content>
public sealed partial class InMemoryAlertStore
{
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int max, DateTime now, TimeSpan lease, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        now = StorableAlertEvent.Time(now);
        var until = StorableAlertEvent.Time(now + lease);
        lock (_lock)
        {
            var claimed = _deliveries.Values
                .Where(d => d.State == AlertDeliveryStates.Pending && d.DueAt <= now && !(d.LeaseUntil > now))
                .OrderBy(d => d.DueAt)
                .ThenBy(d => d.Sequence)
                .Take(Math.Max(0, max))
                .ToList();
            foreach (var d in claimed)
            {
                d.LeaseOwner = owner;
                d.LeaseUntil = until;
                d.Claimed = true;
            }

            IReadOnlyList<ClaimedDelivery> result =
            [
                .. claimed.Select(d => new ClaimedDelivery(
                    d.Id, d.SubscriptionId, d.Kind, d.Source, d.EventIds.Count, d.Attempts, d.CreatedAt,
                    [.. Carried(d)])),
            ];
            return Task.FromResult(result);
        }
    }

    /// <summary>The events a claimed delivery's body carries: the oldest raised (then by id), as many as it carries in full.</summary>
    private IEnumerable<AlertEvent> Carried(InMemoryAlertDelivery d) =>
        d.EventIds.Select(id => _events[id])
            .OrderBy(a => a.RaisedAt)
            .ThenBy(a => a.Event.Id, StringComparer.Ordinal)
            .Take(ClaimedDelivery.MaxEventsCarried)
            .Select(a => a.Event);

    public Task<bool> RecordAttemptAsync(string deliveryId, string owner, DeliveryAttempt attempt, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(attempt);
        AlertOutcomes.Check(outcome);
        var at = StorableAlertEvent.Time(attempt.At);
        var error = StorableAlertEvent.Error(attempt.Error);
        lock (_lock)
        {
            if (!_deliveries.TryGetValue(deliveryId, out var d))
            {
                return Task.FromResult(false);
            }

            // Logged whoever holds the lease: the request went out, the log says so.
            d.Attempts++;
            d.Log.Add(new DeliveryAttempt(d.Attempts, at, attempt.StatusCode, error, attempt.DurationMs));
            d.LastStatusCode = attempt.StatusCode;
            d.LastError = error;
            if (d.State != AlertDeliveryStates.Pending || !string.Equals(d.LeaseOwner, owner, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            d.State = outcome.State;
            d.LeaseOwner = null;
            d.LeaseUntil = null;
            if (outcome.State == AlertDeliveryStates.Pending)
            {
                d.DueAt = StorableAlertEvent.Time(outcome.NextDueAt ?? at);
            }
            else if (outcome.State == AlertDeliveryStates.Delivered)
            {
                d.DeliveredAt = at;
            }

            return Task.FromResult(true);
        }
    }
}

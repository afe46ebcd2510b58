using System.Collections.Concurrent;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Storage;
using Kasparro.Grains.Storage;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// An in-memory alert store whose database can be "down": while <see cref="Down"/>, raising throws
/// as an outage does. Counts the raises that got through per alert id, so a test can tell an alert
/// raised once from one raised again.
/// </summary>
internal sealed class SwitchableAlertStore : IAlertStore
{
    private readonly InMemoryAlertStore _inner = new();

    public volatile bool Down;

    public ConcurrentDictionary<string, int> Raised { get; } = new(StringComparer.Ordinal);

    public int Refused;

    public Task RaiseAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        if (Down)
        {
            Interlocked.Increment(ref Refused);
            throw new DatabaseUnavailableException("The alert store is down (test).");
        }

        foreach (var e in events)
        {
            Raised.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
        }

        return _inner.RaiseAsync(events, cancellationToken);
    }

    public Task<int> PlanAsync(
        Func<CancellationToken, Task<IReadOnlyList<WebhookSubscription>>> readSubscriptions, TimeSpan groupWindow, DateTime now, CancellationToken cancellationToken) =>
        _inner.PlanAsync(readSubscriptions, groupWindow, now, cancellationToken);

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int max, DateTime now, TimeSpan lease, string owner, CancellationToken cancellationToken) =>
        _inner.ClaimDueAsync(max, now, lease, owner, cancellationToken);

    public Task<bool> RecordAttemptAsync(string deliveryId, string owner, DeliveryAttempt attempt, DeliveryOutcome outcome, CancellationToken cancellationToken) =>
        _inner.RecordAttemptAsync(deliveryId, owner, attempt, outcome, cancellationToken);

    public Task<Page<AlertRecord>> PageAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken) =>
        _inner.PageAsync(query, page, cancellationToken);

    public Task<AlertRecord?> GetAsync(string eventId, CancellationToken cancellationToken) => _inner.GetAsync(eventId, cancellationToken);

    public Task<AlertCounts> CountsAsync(CancellationToken cancellationToken) => _inner.CountsAsync(cancellationToken);
}

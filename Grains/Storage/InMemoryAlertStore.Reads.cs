using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Storage;

/// <content>Reads: pages of alerts newest first, one alert in full.</content>
public sealed partial class InMemoryAlertStore
{
    public Task<Page<AlertRecord>> PageAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var source = query.Source is null ? null : StorableAlertEvent.Source(query.Source);
        var kind = query.Kind is null ? null : StorableAlertEvent.Kind(query.Kind);
        lock (_lock)
        {
            var matching = _events.Values
                .Where(a => source is null || a.Event.Source == source)
                .Where(a => kind is null || a.Event.Kind == kind)
                .Where(a => query.DeliveryState is null || a.Deliveries.Any(d => d.State == query.DeliveryState))
                .ToList();
            var items = matching
                .OrderByDescending(a => a.RaisedAt)
                .ThenByDescending(a => a.Event.Id, StringComparer.Ordinal)
                .Skip((int)Math.Min(page.Offset, int.MaxValue))
                .Take(page.Size)
                .Select(a => Record(a, withAttempts: false))
                .ToList();
            return Task.FromResult(new Page<AlertRecord>(items, matching.Count, page));
        }
    }

    public Task<AlertRecord?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        lock (_lock)
        {
            return Task.FromResult(_events.TryGetValue(StorableAlertEvent.Id(eventId), out var a) ? Record(a, withAttempts: true) : null);
        }
    }

    private static AlertRecord Record(StoredAlert a, bool withAttempts) =>
        new(a.Event, a.RaisedAt, [.. a.Deliveries.Select(d => d.View(withAttempts))]);
}

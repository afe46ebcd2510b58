using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The rules of a grain's alert outbox (alerts built but not in the alert store yet): one entry per
/// alert id, oldest first, null when empty (so state written before the outbox existed reads the same).
/// </summary>
public static class AlertOutbox
{
    /// <summary>The outbox with <paramref name="events"/> queued; an id already queued keeps its entry.</summary>
    public static List<AlertEvent>? Add(List<AlertEvent>? outbox, IEnumerable<AlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var entries = outbox ?? [];
        foreach (var e in events)
        {
            if (!entries.Exists(q => q.Id == e.Id))
            {
                entries.Add(e);
            }
        }

        return entries.Count > 0 ? entries : null;
    }

    /// <summary>The outbox once <paramref name="raised"/> are in the alert store; null when nothing is left.</summary>
    public static List<AlertEvent>? Settled(List<AlertEvent>? outbox, IEnumerable<AlertEvent> raised)
    {
        ArgumentNullException.ThrowIfNull(raised);
        var ids = raised.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        outbox?.RemoveAll(e => ids.Contains(e.Id));
        return outbox is { Count: > 0 } ? outbox : null;
    }
}

using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The grouping rule, one for both alert stores. Per subscription, kind and source: the first event
/// makes a delivery due at once; a repeat within the window of the group's last delivery joins it
/// while it takes repeats (<see cref="AlertGroupTip.TakesRepeats"/>), else makes a delivery due one
/// window after that last delivery went out (or from now, when the last one is waiting for a retry),
/// which the next repeats join. "Within the window" is measured from when the last delivery was due,
/// so a long burst is one message per window: a hundred failures in one window are two messages,
/// the first at once and the other ninety-nine at the window's end. A zero window makes every event
/// a delivery of its own.
/// </summary>
/// <remarks>The store tells it each group's last stored delivery (or null) when asked, once per group.</remarks>
public sealed class AlertPlanner(
    IReadOnlyList<WebhookSubscription> subscriptions, TimeSpan groupWindow, DateTime now, Func<(string Subscription, string Kind, string Source), AlertGroupTip?> storedTip)
{
    private readonly Dictionary<(string Subscription, string Kind, string Source), AlertGroupTip?> _tips = [];
    private readonly List<AlertGroupTip> _touched = [];

    /// <summary>The groups an event of <paramref name="kind"/> about <paramref name="source"/> goes to.</summary>
    public IEnumerable<(string Subscription, string Kind, string Source)> GroupsOf(string kind, string source) =>
        subscriptions.Where(s => s.Wants(kind, source)).Select(s => (s.Id, kind, source)).Distinct();

    /// <summary>Plans one event (call them oldest first).</summary>
    public void Plan(string eventId, string kind, string source)
    {
        foreach (var group in GroupsOf(kind, source))
        {
            if (!_tips.TryGetValue(group, out var last))
            {
                _tips[group] = last = storedTip(group);
            }

            AlertGroupTip tip;
            if (last is not null && groupWindow > TimeSpan.Zero && now - last.DueAt < groupWindow)
            {
                // A last delivery due later than now is waiting for its window or for a retry: the next
                // one is due a window from now at the latest, never a whole backoff and a window away.
                tip = last.TakesRepeats ? last : Made(group, (last.DueAt < now ? last.DueAt : now) + groupWindow);
            }
            else
            {
                tip = Made(group, now);
            }

            if (tip.Added.Count == 0)
            {
                _touched.Add(tip);
            }

            tip.Added.Add(eventId);
        }
    }

    /// <summary>Deliveries made or joined by this plan, in the order they were first touched.</summary>
    public IReadOnlyList<AlertGroupTip> Touched => _touched;

    private AlertGroupTip Made((string Subscription, string Kind, string Source) group, DateTime due)
    {
        var tip = new AlertGroupTip(NewDeliveryId(), group.Subscription, group.Kind, group.Source, AlertDeliveryStates.Pending, 0, false, now, due, isNew: true);
        _tips[group] = tip;
        return tip;
    }

    /// <summary>A new delivery id: <c>msg_</c> and 32 hex digits (the webhook-id receivers deduplicate on).</summary>
    public static string NewDeliveryId() => $"msg_{Guid.NewGuid():N}";
}

using System.Text.Json.Nodes;
using Kasparro.Grains.Control;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Control;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The alert of a source's audit event, for changes made through the API: paused, resumed, or
/// changed (created, replaced, deleted, purged, reset, replayed, failure injection set). Changes read
/// from configuration at start (declared, undeclared) are deployments, not news; a cancelled run is
/// reported by the run itself (<c>run.cancelled</c>). Secrets are masked in the event already.
/// </summary>
public static class SourceChangeAlerts
{
    public static AlertEvent? For(SourceEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.By == SourceRegistryGrain.ConfigurationActor || KindOf(change.Kind) is not { } kind)
        {
            return null;
        }

        var data = new JsonObject
        {
            ["event_id"] = change.EventId.ToString("D"),
            ["change"] = change.Kind,
            ["by"] = change.By,
            ["version"] = change.Version,
            ["detail"] = AlertText.Message(change.Detail),
            ["changes"] = AlertData.Sorted(change.Changes, c => new JsonObject { ["before"] = c.Before, ["after"] = c.After }),
        };
        var severity = change.Kind is SourceEventKinds.Deleted or SourceEventKinds.Purged ? AlertKinds.Warning : AlertKinds.Info;
        var version = change.Version is { } v ? AlertText.Invariant($", version {v}") : "";
        return new AlertEvent(
            AlertIds.ForSourceEvent(kind, change.EventId), kind, change.Source, change.At, severity,
            AlertText.Invariant($"Source {change.Source}: {AlertText.InSummary(change.Detail)} (by {change.By}{version})."),
            null, AlertData.Text(data));
    }

    /// <summary>The alerts of <paramref name="changes"/>, in their order; the events that raise none are skipped.</summary>
    public static IReadOnlyList<AlertEvent> For(IEnumerable<SourceEvent> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return [.. changes.Select(For).OfType<AlertEvent>()];
    }

    private static string? KindOf(string change) => change switch
    {
        SourceEventKinds.Paused => AlertKinds.SourcePaused,
        SourceEventKinds.Resumed => AlertKinds.SourceResumed,
        SourceEventKinds.Created or SourceEventKinds.Replaced or SourceEventKinds.Deleted or SourceEventKinds.Purged
            or SourceEventKinds.Reset or SourceEventKinds.Replayed or SourceEventKinds.FailureInjectionSet => AlertKinds.SourceChanged,
        _ => null,
    };
}

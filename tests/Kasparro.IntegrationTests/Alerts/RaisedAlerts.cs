using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>Reading what a silo's alert store holds, and waiting for it.</summary>
internal static class RaisedAlerts
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Every alert of <paramref name="source"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<AlertEvent>> OfAsync(IAlertStore store, string source)
    {
        var page = await store.PageAsync(new AlertQuery(source, null, null), new PageRequest(1, 500), CancellationToken.None);
        return [.. page.Items.Select(r => r.Event).Reverse()];
    }

    public static Task<IReadOnlyList<AlertEvent>> UntilAsync(IAlertStore store, string source, Func<IReadOnlyList<AlertEvent>, bool> done, string what) =>
        Eventually.Until(() => OfAsync(store, source), done, Patience, what);

    public static int Count(this IReadOnlyList<AlertEvent> alerts, string kind) => alerts.Count(a => a.Kind == kind);

    public static JsonElement Data(this AlertEvent alert) => JsonDocument.Parse(alert.Data).RootElement;
}

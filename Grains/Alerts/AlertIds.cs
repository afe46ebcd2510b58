using System.Globalization;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Stable alert ids: the kind and the fact it reports (a run, a source event), so the same fact raised
/// twice (an outbox retried after a crash) is one alert, and receivers can deduplicate on it.
/// </summary>
public static class AlertIds
{
    /// <summary><c>{kind}:{runId:N}</c>, or <c>{kind}:{runId:N}:{part}</c> when one run raises several of a kind.</summary>
    public static string ForRun(string kind, Guid runId, string? part = null) =>
        part is null
            ? $"{kind}:{runId.ToString("N", CultureInfo.InvariantCulture)}"
            : $"{kind}:{runId.ToString("N", CultureInfo.InvariantCulture)}:{part}";

    /// <summary><c>{kind}:{sourceEventId:N}</c>.</summary>
    public static string ForSourceEvent(string kind, Guid eventId) =>
        $"{kind}:{eventId.ToString("N", CultureInfo.InvariantCulture)}";
}

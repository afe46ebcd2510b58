using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// What the webhook registry persists: every subscription, and the last version of each one deleted,
/// so one created again under the same id continues its versions (an ETag read before the delete
/// never matches the new one).
/// </summary>
[GenerateSerializer, Alias("kasparro.WebhookRegistryState")]
public sealed class WebhookRegistryState
{
    [Id(0)]
    public Dictionary<string, WebhookSubscription> Subscriptions { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, long> DeletedVersions { get; set; } = new(StringComparer.Ordinal);
}

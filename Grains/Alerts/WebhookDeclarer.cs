using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// When a silo becomes active, hands the webhooks its configuration declares to the webhook registry,
/// which stores them as managed by configuration and removes those no longer declared. Idempotent,
/// so every silo does it. The declarations were validated when the silo was built (a bad one stops it).
/// </summary>
internal sealed class WebhookDeclarer(WebhookDeclarations declarations, IGrainFactory grains, ILogger<WebhookDeclarer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookDeclarer), ServiceLifecycleStage.Active, DeclareAsync);

    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IWebhookRegistryGrain>(0).ApplyConfiguration(declarations.Declared);
            logger.Declared(declarations.Declared.Count);
        }
        catch (Exception ex)
        {
            // The registry keeps the subscriptions it had; the silo serves on.
            logger.DeclarationFailed(ex);
        }
    }
}

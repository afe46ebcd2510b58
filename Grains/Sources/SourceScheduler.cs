using Kasparro.Grains.Interfaces.Control;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <summary>
/// When a silo becomes active, hands the sources its configuration declares to the source registry,
/// which records what changed and gives every source grain its definition, lining each schedule up
/// with it. Idempotent, so every silo does it.
/// </summary>
internal sealed class SourceScheduler(SourceCatalog declared, IGrainFactory grains, ILogger<SourceScheduler> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SourceScheduler), ServiceLifecycleStage.Active, DeclareAsync);

    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ISourceRegistryGrain>(0).ApplyConfiguration(declared.Declared);
        }
        catch (Exception ex)
        {
            // The registry keeps its catalog and every source its schedule; the silo serves on.
            logger.DeclarationFailed(ex);
        }
    }
}

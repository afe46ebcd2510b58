using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>Says once, at start, that the InMemory provider keeps nothing across a restart.</summary>
internal sealed class InMemoryStartupWarning(ILogger<InMemoryStartupWarning> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InMemoryStartupWarning), ServiceLifecycleStage.First, _ =>
        {
            logger.InMemoryStorage(StorageOptions.ProviderKey);
            return Task.CompletedTask;
        });
}

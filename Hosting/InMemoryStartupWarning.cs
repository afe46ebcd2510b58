using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>Says once, at start, that the InMemory provider keeps nothing across a restart.</summary>
internal sealed class InMemoryStartupWarning(ILogger<InMemoryStartupWarning> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InMemoryStartupWarning), ServiceLifecycleStage.First, _ =>
        {
            logger.LogWarning(
                "Storage provider is InMemory: grain state, reminders, run history and ingested data live in this " +
                "process only and are lost when it stops. Set {Key}=Postgres to keep them.", StorageOptions.ProviderKey);
            return Task.CompletedTask;
        });
}

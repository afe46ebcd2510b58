using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <summary>
/// When a silo becomes active, asks every configured source to line its reminder up with its
/// configuration (register, re-period or remove it). Idempotent, so every silo may do it.
/// </summary>
internal sealed class SourceScheduler(SourceRunSettings settings, IGrainFactory grains, ILogger<SourceScheduler> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SourceScheduler), ServiceLifecycleStage.Active, ScheduleAllAsync);

    private async Task ScheduleAllAsync(CancellationToken cancellationToken)
    {
        foreach (var source in settings.Sources.All)
        {
            try
            {
                await grains.GetGrain<ISourceGrain>(source.Id).EnsureScheduled();
            }
            catch (Exception ex)
            {
                // One source failing to schedule must not keep the silo (and the other sources) down.
                logger.ScheduleFailed(ex, source.Id);
            }
        }
    }
}

using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Kasparro.Grains.Persistence;

/// <summary>
/// Writes a grain's persistent state and handles the one failure no retry can mend: an ETag conflict
/// (<see cref="InconsistentStateException"/>). The stored row changed since this activation read it
/// (a second activation of the grain, as two silos may briefly hold after a partition, or an edit of
/// the row behind the grain's back), so this activation's state is stale and every later write would
/// be refused too. The runtime deactivates an activation only when the exception escapes a grain
/// call, and runs, timers and the run-log settling write from background work, where it never does.
/// So the first conflict is logged, the activation asked to deactivate and every later write refused
/// at once; the next call activates the grain afresh from the stored state.
/// </summary>
public sealed partial class StateConflictGuard(IGrainBase grain, ILogger logger)
{
    /// <summary>True once a write met a conflict: this activation's state is stale and it is on its way out.</summary>
    public bool Conflicted { get; private set; }

    public async Task WriteAsync<T>(IPersistentState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Conflicted)
        {
            throw new InconsistentStateException($"The state of {grain.GrainContext.GrainId} is stale after an earlier conflict; this activation is being deactivated.");
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            Conflicted = true;
            LogConflict(logger, grain.GrainContext.GrainId);
            grain.DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(
        EventId = 1060,
        Level = LogLevel.Warning,
        Message = "Grain {Grain}: its stored state was changed by another writer (a second activation, or an edit of the stored row); deactivating, so the next call loads the stored state. What this activation had not stored yet is dropped")]
    private static partial void LogConflict(ILogger logger, GrainId grain);
}

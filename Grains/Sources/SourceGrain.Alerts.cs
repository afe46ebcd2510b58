using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <content>
/// A run's alerts, durably. At the end of a run (after its record went to the run log: the fact
/// first) its alerts are built and queued in the grain state's outbox (<see cref="SourceState.UnraisedAlerts"/>),
/// then raised; what the alert store does not take is stored with the run's end state and raised by
/// the settle timer (after the run log, as ever), or by the next activation. Ids are stable, so an
/// alert raised twice (a crash between raising and the state write) is stored once.
/// </content>
public sealed partial class SourceGrain
{
    /// <summary>Builds the run's alerts and queues them. Call before the run is recorded (<see cref="SourceState.RecordEnd"/>): the streak and history it reads are those before the run.</summary>
    private void QueueRunAlerts(RunInfo finished, RunTracker tracker)
    {
        IReadOnlyList<AlertEvent> built;
        try
        {
            built = [.. RunAlerts.For(finished, state.State.CurrentFailureStreak(), state.State.History, alertOptions.Value), .. DriftAlerts.For(finished.RunId, finished.Source, tracker.Drift.Seen)];
        }
        catch (Exception ex)
        {
            // Pure code, so a bug, not an outage: it must not keep the run from finishing.
            logger.AlertsNotBuilt(ex, finished.Source, finished.RunId);
            return;
        }

        if (built.Count > 0)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.RunAlertsRaised(finished.Source, finished.RunId, string.Join(", ", built.Select(a => a.Kind)));
            }

            state.State.UnraisedAlerts = AlertOutbox.Add(state.State.UnraisedAlerts, built);
        }
    }

    /// <summary>
    /// Raises the outbox at the end of run <paramref name="runId"/>, unless the run's record is still
    /// waiting for the run log (the settle timer then writes it first and raises after). Never throws.
    /// </summary>
    private async Task TryRaiseAlertsAsync(Guid runId)
    {
        if (state.State.UnraisedAlerts is not { Count: > 0 } || RunLogOutbox.Holds(state.State.UnloggedRuns, runId))
        {
            return;
        }

        try
        {
            await RaiseQueuedAlertsAsync();
        }
        catch (Exception ex)
        {
            logger.AlertsNotRaised(ex, Id, state.State.UnraisedAlerts?.Count ?? 0);
            ScheduleSettle();
        }
    }

    /// <summary>Raises what the outbox holds and takes it out; throws when the alert store is unavailable. True when anything was raised.</summary>
    private async Task<bool> RaiseQueuedAlertsAsync()
    {
        if (state.State.UnraisedAlerts is not { Count: > 0 } queued)
        {
            return false;
        }

        var batch = queued.ToArray();
        await alerts.RaiseAsync(batch, CancellationToken.None);
        state.State.UnraisedAlerts = AlertOutbox.Settled(state.State.UnraisedAlerts, batch);
        return true;
    }
}

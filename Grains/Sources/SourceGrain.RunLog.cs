using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Storage;
using Orleans.Storage;

namespace Kasparro.Grains.Sources;

/// <content>
/// The run log always settles. A run record the database refuses (it is down) waits in the grain
/// state's outbox and a timer retries it with backoff until the run log has it; a grain state the
/// database refused at the end of a run is written again the same way. An activation flushes the
/// outbox and closes run-log rows left <c>running</c> by runs whose end never reached the log.
/// </content>
public sealed partial class SourceGrain
{
    private static readonly TimeSpan FirstSettleRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastSettleRetry = TimeSpan.FromSeconds(30);

    /// <summary>Running rows looked at per activation; a source never has many (one per lost run end).</summary>
    private const int ReconcileLimit = 100;

    private IGrainTimer? _settleTimer;
    private TimeSpan _settleRetry = FirstSettleRetry;
    private bool _settling;
    private bool _stateUnsaved;
    private bool _reconciled;

    /// <summary>Writes the run's record to the run log, or queues it in the outbox (stored with the next state write).</summary>
    private async Task LogRunAsync(RunInfo run)
    {
        try
        {
            await WriteRunRecordAsync(run);
            state.State.UnloggedRuns = RunLogOutbox.Settled(state.State.UnloggedRuns, run);
        }
        catch (Exception ex)
        {
            logger.RunNotLogged(ex, run.Source, run.RunId, run.Status);
            state.State.UnloggedRuns = RunLogOutbox.Add(state.State.UnloggedRuns, run);
            ScheduleSettle();
        }
    }

    /// <summary>
    /// Writes a run record. An outage throws (the record waits in the outbox); a record the database
    /// refuses for a data reason would be refused on every retry, so it is written once more reduced
    /// (message escaped, anomalies left out) and, should that be refused too, dropped with an error:
    /// one unstorable record must never hold the outbox, and the records behind it, for good.
    /// </summary>
    private async Task WriteRunRecordAsync(RunInfo run)
    {
        try
        {
            await store.RecordRunAsync(run, CancellationToken.None);
            return;
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            logger.RunRefused(ex, run.Source, run.RunId, run.Status);
        }

        var reduced = run with
        {
            ErrorMessage = run.ErrorMessage is null ? null : StorableText.Escape(StorableText.Message(run.ErrorMessage)),
            Anomalies = [],
        };
        try
        {
            await store.RecordRunAsync(reduced, CancellationToken.None);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            logger.RunRefusedReduced(ex, run.Source, run.RunId);
        }
    }

    /// <summary>Writes the state; when the database refuses it, the state stays unsaved in memory and is retried.</summary>
    private async Task<bool> TryPersistAsync(string what)
    {
        try
        {
            await PersistAsync();
            _stateUnsaved = false;
            return true;
        }
        catch (InconsistentStateException) when (StateWrites.Conflicted)
        {
            // Logged by the guard; no retry can store a stale state. The activation is deactivating.
            return false;
        }
        catch (Exception ex)
        {
            logger.StateNotStored(ex, this.GetPrimaryKeyString(), what);
            _stateUnsaved = true;
            ScheduleSettle();
            return false;
        }
    }

    private bool Unsettled =>
        _stateUnsaved || state.State.UnloggedRuns is { Count: > 0 } || state.State.UnraisedAlerts is { Count: > 0 } || !_reconciled;

    private void ScheduleSettle()
    {
        if (_settleTimer is not null)
        {
            return;
        }

        // Interleaved like the run itself; kept alive: an activation holding unlogged runs must not be collected.
        _settleTimer = this.RegisterGrainTimer(
            _ => SettleFromTimerAsync(),
            new GrainTimerCreationOptions { DueTime = _settleRetry, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = true });
    }

    private async Task SettleFromTimerAsync()
    {
        if (StateWrites.Conflicted)
        {
            // Nothing of this activation can be stored any more; the next one settles from the stored state.
            _settleTimer?.Dispose();
            _settleTimer = null;
            return;
        }

        if (await TrySettleAsync())
        {
            _settleTimer?.Dispose();
            _settleTimer = null;
            _settleRetry = FirstSettleRetry;
            return;
        }

        _settleRetry = TimeSpan.FromTicks(Math.Min(_settleRetry.Ticks * 2, LastSettleRetry.Ticks));
        _settleTimer?.Change(_settleRetry, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Flushes the outboxes (run log, then alerts), stores the state if it is behind, reconciles the run log once; true when all is settled.</summary>
    private async Task<bool> TrySettleAsync()
    {
        if (_settling)
        {
            return false;
        }

        _settling = true;
        try
        {
            var changed = false;
            foreach (var run in state.State.UnloggedRuns?.ToArray() ?? [])
            {
                await WriteRunRecordAsync(run);
                state.State.UnloggedRuns = RunLogOutbox.Settled(state.State.UnloggedRuns, run);
                changed = true;
                logger.RunLogged(run.Source, run.RunId, run.Status);
            }

            // Alerts after the run records they report (see SourceGrain.Alerts.cs).
            var raised = state.State.UnraisedAlerts?.Count ?? 0;
            if (await RaiseQueuedAlertsAsync())
            {
                changed = true;
                logger.AlertsRaisedLate(Id, raised);
            }

            if (changed || _stateUnsaved)
            {
                // Unsaved until the write succeeds: the stored outbox still holds the records just written.
                _stateUnsaved = true;
                await PersistAsync();
                _stateUnsaved = false;
            }

            if (!_reconciled)
            {
                await ReconcileRunLogAsync();
                _reconciled = true;
            }

            return true;
        }
        catch (Exception ex)
        {
            logger.NotSettled(ex, this.GetPrimaryKeyString(), _settleRetry);
            return false;
        }
        finally
        {
            _settling = false;
        }
    }

    /// <summary>Closes run-log rows of this source left running by runs that are not this activation's.</summary>
    private async Task ReconcileRunLogAsync()
    {
        var running = await store.GetRecentRunsAsync(Id, RunStatus.Running, ReconcileLimit, CancellationToken.None);
        var active = _tracker?.Started.RunId ?? state.State.ActiveRun?.RunId;
        foreach (var correction in RunLogReconciliation.Corrections(running, active, state.State.History, state.State.UnloggedRuns ?? [], Now))
        {
            logger.RunCorrected(correction.Source, correction.RunId, correction.Status, correction.ErrorType is null ? "" : $" ({correction.ErrorType})");
            await store.RecordRunAsync(correction, CancellationToken.None);
        }
    }

    /// <summary>Settles now if it can (activation, deactivation); otherwise the timer keeps trying.</summary>
    private async Task SettleOrScheduleAsync()
    {
        if (Unsettled && !await TrySettleAsync())
        {
            ScheduleSettle();
        }
    }
}

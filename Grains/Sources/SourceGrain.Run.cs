using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;

namespace Kasparro.Grains.Sources;

/// <content>The run itself: started by a trigger, carried on in the background on the grain's scheduler.</content>
public sealed partial class SourceGrain
{
    private RunTracker? _tracker;
    private Task? _runTask;
    private CancellationTokenSource? _runCancel;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_runTask is { IsCompleted: false } running)
        {
            // Shutting down mid-run: stop after the batch being written, record the run, keep the
            // checkpoint, and have the cluster resume it soon wherever the grain lands next.
            logger.DeactivatingDuringRun(Id, reason);
            // Null when the run is past its batches (storing its end): nothing left to stop then.
            if (_runCancel is { } runCancel)
            {
                await runCancel.CancelAsync();
            }

            await running.WaitAsync(cancellationToken);
            if (state.State.ResumePending)
            {
                await ScheduleResumeAsync();
            }
        }

        // A last try for run records and alerts still waiting; whatever fails stays in the stored outbox. Not
        // after a state conflict: this activation's state is stale and can no longer be stored.
        if (!StateWrites.Conflicted && (_stateUnsaved || state.State.UnloggedRuns is { Count: > 0 } || state.State.UnraisedAlerts is { Count: > 0 }))
        {
            await TrySettleAsync();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<RunInfo> StartRunAsync(string trigger)
    {
        var d = Definition;
        if (_tracker is not null)
        {
            return _tracker.Snapshot();
        }

        var connector = connectors.FirstOrDefault(c => c.Kind == d.Kind)
            ?? throw new InvalidOperationException($"No connector for {d.Kind} sources is installed.");
        var tracker = RunTracker.Start(d.Id, state.State.Checkpoint, trigger, Now);
        _tracker = tracker;
        _runDefinition = d;
        var resumePending = state.State.ResumePending;
        state.State.ActiveRun = tracker.Snapshot();
        state.State.LastRunStartedAt = tracker.Started.StartedAt;
        state.State.ResumePending = false; // any run resumes from the checkpoint
        var phase = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await PersistAsync();
            tracker.Phases.Add("start.state", phase);
        }
        catch
        {
            _tracker = null;
            _runDefinition = null;
            state.State.ActiveRun = null;
            state.State.ResumePending = resumePending;
            throw;
        }

        phase = System.Diagnostics.Stopwatch.GetTimestamp();
        await LogRunAsync(tracker.Started);
        tracker.Phases.Add("start.log", phase);
        logger.RunStarted(d.Id, tracker.Started.RunId, trigger);

        // Not awaited: the run continues in the background on this grain's scheduler, so status
        // queries and triggers are answered between its steps.
        _runTask = ExecuteRunAsync(d, connector, tracker);
        return tracker.Snapshot();
    }

    private async Task ExecuteRunAsync(SourceDefinition d, Connectors.ISourceConnector connector, RunTracker tracker)
    {
        var runId = tracker.Started.RunId;
        // For http(s) sources, network-like failures are injected under the resilience pipeline
        // (and retried like real ones); everything else strikes in the write path.
        var injection = EffectiveFailureInjection;
        using var httpInjection = HttpFailureInjection.AppliesTo(injection) && !SourceLocation.Parse(d.Url).IsFile
            ? httpFailures.Activate(d.Id, injection)
            : null;
        var injector = new FailureInjector(httpInjection is null ? injection : FailureInjectionSettings.Off);
        using var cancel = new CancellationTokenSource();
        _runCancel = cancel;
        RunInfo finished;
        var phases = tracker.Phases;
        var phase = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await IngestAsync(d, connector, tracker, injector, cancel.Token);
            phases.Add("pipeline", phase);
            finished = tracker.Succeeded(Now);
            logger.RunSucceeded(d.Id, runId, finished.RecordsRead, finished.RecordsWritten, finished.RecordsRejected);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && _cancelRequested)
        {
            // Cancelled by request (see SourceGrain.Cancel.cs), even if a deactivation came on top: not resumed.
            finished = tracker.Cancelled(Now);
            logger.RunCancelled(d.Id, runId, finished.RecordsRead, finished.RecordsWritten, finished.CheckpointAfter!.RecordsCommitted);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            finished = tracker.Failed(Now, RunLogReconciliation.InterruptedErrorType, "The source was deactivated (silo shutdown) during the run; the next activation resumes it from the last durable checkpoint.");
            state.State.ResumePending = true;
            logger.RunInterrupted(d.Id, runId);
        }
        catch (Exception ex)
        {
            await cancel.CancelAsync();
            finished = tracker.Failed(Now, ErrorClassifier.Classify(ex), ex.Message);
            // An injected failure is expected and a state conflict logged already: their messages say
            // everything, a stack trace would be noise.
            logger.RunFailed(
                InjectedFailures.IsInjected(ex) || ex is Orleans.Storage.InconsistentStateException ? null : ex,
                d.Id, runId, finished.ErrorType, ex.Message);
        }

        // Scored while it is still the active run: callers see it running, then finished with its anomalies, never missing.
        phase = System.Diagnostics.Stopwatch.GetTimestamp();
        finished = await WithAnomaliesAsync(finished);
        phases.Add("scoring", phase);

        // Into the run log before the grain reports the run finished: whoever sees it finished
        // (and then reads the log, as the run comparer does) finds it there with its final figures.
        // With the database down it waits in the outbox, which the state write below stores.
        // Should that write fail too, both are retried from memory; should the silo die before,
        // the next activation takes the end from the run log if it got there, else records the
        // run as interrupted and resumes it.
        phase = System.Diagnostics.Stopwatch.GetTimestamp();
        await LogRunAsync(finished);
        phases.Add("end.log", phase);
        phases.Mark("visible");

        // Counted before it is let go too, so whoever sees it finished also finds it in the metrics.
        RunFinished(finished);
        QueueRunAlerts(finished, tracker);
        _tracker = null;
        _runDefinition = null;
        _runCancel = null;
        _cancelRequested = false;
        state.State.ActiveRun = null;
        state.State.RecordEnd(finished, settings.RunHistoryLimit);
        phase = System.Diagnostics.Stopwatch.GetTimestamp();
        await TryRaiseAlertsAsync(runId); // what the store does not take is stored with the state below
        phases.Add("end.alerts", phase);
        phase = System.Diagnostics.Stopwatch.GetTimestamp();
        await TryPersistAsync($"the end of run {runId}");
        phases.Add("end.state", phase);
        phases.Finish();
        logger.RunTimings(d.Id, runId, phases);
    }
}

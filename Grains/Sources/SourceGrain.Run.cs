using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <content>The run itself: started by a trigger, carried on in the background on the grain's scheduler.</content>
public sealed partial class SourceGrain
{
    /// <summary>
    /// Batch transactions under way at once. Two lets the database work on the next batch's rows
    /// while the previous batch's upsert finishes; the upserts lock assets in key order, so they
    /// queue behind each other rather than deadlock.
    /// </summary>
    private const int WritesInFlight = 2;

    private RunTracker? _tracker;
    private Task? _runTask;
    private CancellationTokenSource? _runCancel;

    /// <summary>Waits for the oldest pending write and, if it completed the batch, moves the checkpoint past it.</summary>
    private async Task CommitOldestAsync(SourceDefinition d, Queue<PendingWrite> pending, RunTracker tracker, FailureInjector injector)
    {
        var oldest = pending.Dequeue();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var written = await oldest.Completion;
        if (oldest.FailAt is { } at)
        {
            // The worst case on purpose: part of the batch is durable, the checkpoint is not moved.
            metrics.FailureInjected(d.Id, Sources.FailureTypes.Name(injector.Type));
            throw InjectedFailures.Create(injector.Type, d.Id, oldest.FirstRecord + at);
        }

        var rejections = oldest.Batch.RejectionsByReason(written.Refused);
        tracker.BatchCommitted(oldest.Batch.Count, written.Written, rejections, oldest.Batch.CheckpointAfter);
        state.State.Checkpoint = oldest.Batch.CheckpointAfter;
        state.State.ActiveRun = tracker.Snapshot();
        var waited = watch.Elapsed;
        await PersistAsync();
        metrics.BatchCommitted(d.Id, oldest.Batch.Count, written.Written, rejections);
        logger.LogDebug(
            "Source {Source}: batch of {Count} committed after waiting {Waited:F0} ms for its write; checkpoint stored in {Stored:F0} ms",
            d.Id, oldest.Batch.Count, waited.TotalMilliseconds, (watch.Elapsed - waited).TotalMilliseconds);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_runTask is { IsCompleted: false } running)
        {
            // Shutting down mid-run: stop after the batch being written, record the run, keep the
            // checkpoint, and have the cluster resume it soon wherever the grain lands next.
            logger.LogWarning("Source {Source}: deactivating during a run ({Reason}); stopping it at the next batch boundary", Definition.Id, reason);
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

        // A last try for run records still waiting; whatever fails stays in the stored outbox. Not
        // after a state conflict: this activation's state is stale and can no longer be stored.
        if (!StateWrites.Conflicted && (_stateUnsaved || state.State.UnloggedRuns is { Count: > 0 }))
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
        var resumePending = state.State.ResumePending;
        state.State.ActiveRun = tracker.Snapshot();
        state.State.LastRunStartedAt = tracker.Started.StartedAt;
        state.State.ResumePending = false; // any run resumes from the checkpoint
        try
        {
            await PersistAsync();
        }
        catch
        {
            _tracker = null;
            state.State.ActiveRun = null;
            state.State.ResumePending = resumePending;
            throw;
        }

        await LogRunAsync(tracker.Started);
        logger.LogInformation("Source {Source}: run {RunId} started ({Trigger})", d.Id, tracker.Started.RunId, trigger);

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
        try
        {
            await IngestAsync(d, connector, tracker, injector, cancel.Token);
            finished = tracker.Succeeded(Now);
            logger.LogInformation(
                "Source {Source}: run {RunId} succeeded: {Read} read, {Written} written, {Rejected} rejected",
                d.Id, runId, finished.RecordsRead, finished.RecordsWritten, finished.RecordsRejected);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            finished = tracker.Failed(Now, RunLogReconciliation.InterruptedErrorType, "The source was deactivated (silo shutdown) during the run; the next activation resumes it from the last durable checkpoint.");
            state.State.ResumePending = true;
            logger.LogWarning("Source {Source}: run {RunId} interrupted by deactivation", d.Id, runId);
        }
        catch (Exception ex)
        {
            await cancel.CancelAsync();
            finished = tracker.Failed(Now, ErrorClassifier.Classify(ex), ex.Message);
            // An injected failure is expected and a state conflict logged already: their messages say
            // everything, a stack trace would be noise.
            logger.LogWarning(
                InjectedFailures.IsInjected(ex) || ex is Orleans.Storage.InconsistentStateException ? null : ex,
                "Source {Source}: run {RunId} failed ({ErrorType}: {Message}); the checkpoint stays at the last durable batch",
                d.Id, runId, finished.ErrorType, ex.Message);
        }

        // Scored while it is still the active run: callers see it running, then finished with its anomalies, never missing.
        finished = await WithAnomaliesAsync(finished);

        // Into the run log before the grain reports the run finished: whoever sees it finished
        // (and then reads the log, as the run comparer does) finds it there with its final figures.
        // With the database down it waits in the outbox, which the state write below stores.
        // Should that write fail too, both are retried from memory; should the silo die before,
        // the next activation takes the end from the run log if it got there, else records the
        // run as interrupted and resumes it.
        await LogRunAsync(finished);

        // Counted before it is let go too, so whoever sees it finished also finds it in the metrics.
        metrics.RunFinished(finished);
        _tracker = null;
        _runCancel = null;
        state.State.ActiveRun = null;
        state.State.AddToHistory(finished, settings.RunHistoryLimit);
        await TryPersistAsync($"the end of run {runId}");
    }
}

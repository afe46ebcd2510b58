using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;
using Microsoft.Extensions.Logging;

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
            // Shutting down mid-run: stop after the batch being written, record the run, keep the checkpoint.
            logger.LogWarning("Source {Source}: deactivating during a run ({Reason}); stopping it at the next batch boundary", Definition.Id, reason);
            await _runCancel!.CancelAsync();
            await running.WaitAsync(cancellationToken);
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
        state.State.ActiveRun = tracker.Snapshot();
        state.State.LastRunStartedAt = tracker.Started.StartedAt;
        try
        {
            await PersistAsync();
        }
        catch
        {
            _tracker = null;
            state.State.ActiveRun = null;
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
        var injector = new FailureInjector(EffectiveFailureInjection);
        var normalizer = new QuoteNormalizer(new ColumnMap(d.Columns), time);
        using var cancel = new CancellationTokenSource();
        _runCancel = cancel;
        RunInfo finished;
        try
        {
            var batches = BatchPreparer.Start(connector, d, state.State.Checkpoint, normalizer, runId, cancel.Token);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await foreach (var batch in batches.ReadAllAsync(cancel.Token))
            {
                var waited = clock.Elapsed;
                // Runs may outlast the idle-collection age; a working grain must not be collected.
                DelayDeactivation(TimeSpan.FromMinutes(5));
                var failAt = injector.FailurePoint(tracker.RecordsRead, batch.Count);
                var write = batch.ToWrite(d.Id, runId, failAt ?? batch.Count);
                await store.WriteBatchAsync(write, CancellationToken.None);
                if (failAt is { } at)
                {
                    // The worst case on purpose: part of the batch is durable, the checkpoint is not moved.
                    metrics.FailureInjected(d.Id, Sources.FailureTypes.Name(injector.Type));
                    throw InjectedFailures.Create(injector.Type, d.Id, tracker.RecordsRead + at);
                }

                var rejections = batch.RejectionsByReason();
                tracker.BatchCommitted(batch.Count, write.Quotes.Count, rejections, batch.CheckpointAfter);
                state.State.Checkpoint = batch.CheckpointAfter;
                state.State.ActiveRun = tracker.Snapshot();
                var written = clock.Elapsed;
                await PersistAsync();
                metrics.BatchCommitted(d.Id, batch.Count, write.Quotes.Count, rejections);
                logger.LogDebug(
                    "Source {Source}: batch of {Count} waited {Waited:F0} ms, written in {Written:F0} ms, checkpoint stored in {Stored:F0} ms",
                    d.Id, batch.Count, waited.TotalMilliseconds, (written - waited).TotalMilliseconds, (clock.Elapsed - written).TotalMilliseconds);
                clock.Restart();
            }

            finished = tracker.Succeeded(Now);
            logger.LogInformation(
                "Source {Source}: run {RunId} succeeded: {Read} read, {Written} written, {Rejected} rejected",
                d.Id, runId, finished.RecordsRead, finished.RecordsWritten, finished.RecordsRejected);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            finished = tracker.Failed(Now, "interrupted", "The source was deactivated (silo shutdown) during the run; the next run resumes from the last durable checkpoint.");
            logger.LogWarning("Source {Source}: run {RunId} interrupted by deactivation", d.Id, runId);
        }
        catch (Exception ex)
        {
            await cancel.CancelAsync();
            finished = tracker.Failed(Now, ErrorClassifier.Classify(ex), ex.Message);
            // An injected failure is expected: its message says everything, a stack trace would be noise.
            logger.LogWarning(
                InjectedFailures.IsInjected(ex) ? null : ex,
                "Source {Source}: run {RunId} failed ({ErrorType}: {Message}); the checkpoint stays at the last durable batch",
                d.Id, runId, finished.ErrorType, ex.Message);
        }

        _tracker = null;
        _runCancel = null;
        state.State.ActiveRun = null;
        state.State.AddToHistory(finished, settings.RunHistoryLimit);
        try
        {
            await PersistAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Source {Source}: could not store the end of run {RunId}; it will be reported as interrupted", d.Id, runId);
        }

        await LogRunAsync(finished);
        metrics.RunFinished(finished);
    }
}

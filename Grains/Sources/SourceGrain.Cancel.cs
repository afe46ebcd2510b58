using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>
/// Cancelling the run in progress (<c>POST /runs/{id}/cancel</c>). The run's token
/// (<see cref="_runCancel"/>) also stops it when the grain deactivates; <see cref="_cancelRequested"/>
/// tells the two apart, so a cancelled run ends as <see cref="RunStatus.Cancelled"/> (not resumed),
/// an interrupted one as failed and resumed. Either way it stops at its next batch boundary: the
/// writes already started are awaited and committed, and the checkpoint is the last durable batch.
/// </content>
public sealed partial class SourceGrain
{
    /// <summary>The run in progress was asked to stop by an operator (not by a deactivation). Reset when the run ends.</summary>
    private bool _cancelRequested;

    /// <summary>
    /// Asks the run in progress to stop and returns it as it is now: still <c>running</c> until it
    /// reaches its batch boundary (a batch write under way finishes first), then <c>cancelled</c>.
    /// Idempotent: asking again while it stops, or once it is cancelled, returns the run. A run that
    /// ended otherwise is a <see cref="SourceConflictException"/>; a run this source never had a
    /// <see cref="RunNotFoundException"/>. The request lives in the activation only: should the silo
    /// die before the run stops, the run is resumed as after any crash.
    /// </summary>
    public async Task<RunInfo> CancelRun(Guid runId)
    {
        if (_tracker is { } tracker && tracker.Started.RunId == runId)
        {
            await RequestCancelAsync(tracker);
            return tracker.Snapshot();
        }

        // The grain's key, not its definition: a source whose definition is gone still answers for its runs.
        var source = this.GetPrimaryKeyString();
        var ended = state.State.History.FirstOrDefault(r => r.RunId == runId)
            ?? await store.GetRunAsync(runId, CancellationToken.None);
        if (ended is null || !string.Equals(ended.Source, source, StringComparison.Ordinal))
        {
            throw new RunNotFoundException(runId);
        }

        return ended.Status switch
        {
            RunStatus.Cancelled => ended,
            // A run-log row left running by a run that is not this activation's: a lost run the
            // reconciliation closes as interrupted. There is nothing left to stop.
            RunStatus.Running => throw new SourceConflictException(source,
                $"Run '{runId}' of source '{source}' is not in progress (its silo stopped before it ended); it is recorded as interrupted, there is nothing to cancel."),
            _ => throw new SourceConflictException(source,
                $"Run '{runId}' of source '{source}' already ended with status {RunStatusNames.Name(ended.Status)}; only a running run can be cancelled."),
        };
    }

    private async Task RequestCancelAsync(Runs.RunTracker tracker)
    {
        if (_cancelRequested)
        {
            return;
        }

        _cancelRequested = true;
        logger.RunCancelRequested(tracker.Started.Source, tracker.Started.RunId);
        // Null once the run is past its batches (scoring and storing its end): it ends as it was going to.
        if (_runCancel is { } runCancel)
        {
            await runCancel.CancelAsync();
        }
    }
}

using System.Globalization;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>
/// The operator's controls: pause and resume the schedule, reset or replay the checkpoint. The
/// source registry forwards them here and records each in the audit trail.
/// <para>
/// A pause is grain state, so it outlives deactivation and silo restarts: while paused, the
/// reminder is unregistered and the short-cycle timer stopped (<see cref="EnsureScheduled"/> keeps it
/// so when the silo start asks), any tick still delivered is ignored, a manual trigger is refused,
/// and a resume after a crash or shutdown stays pending until the source is resumed. A run already
/// going on when the source is paused finishes (cancelling it is what stops it).
/// </para>
/// <para>
/// Reset and replay only move the checkpoint back; the next run (scheduled or triggered) re-reads
/// from there, and since writes are idempotent on the natural key the re-read rows replace
/// themselves. Both are refused while a run is going on: that run would move the checkpoint on again.
/// </para>
/// </content>
public sealed partial class SourceGrain
{
    /// <summary>The longest pause reason kept, in UTF-16 code units; longer ones are clipped.</summary>
    public const int MaxPauseReasonLength = 500;

    public async Task<SourceStatus> Pause(string? reason, string by)
    {
        var d = Definition;
        // Idempotent: a second pause keeps the first one whole (when it began, why, by whom), so the
        // status keeps telling how long the source has been paused; the registry's audit trail records both.
        if (state.State.Paused is null)
        {
            state.State.Paused = new SourcePause(Now, CleanReason(reason), CleanBy(by));
            try
            {
                await PersistAsync();
            }
            catch
            {
                state.State.Paused = null;
                throw;
            }

            logger.SourcePaused(d.Id, state.State.Paused.By, state.State.Paused.Reason ?? "no reason given");
        }

        await EnsureScheduled(); // paused: unregisters the reminder, stops the timer
        return await GetStatus();
    }

    public async Task<SourceStatus> Unpause(string by)
    {
        var d = Definition;
        var caller = CleanBy(by);
        if (state.State.Paused is { } pause)
        {
            state.State.Paused = null;
            try
            {
                await PersistAsync();
            }
            catch
            {
                state.State.Paused = pause;
                throw;
            }

            logger.SourceUnpaused(d.Id, caller, pause.At);
        }

        await EnsureScheduled();
        // A run the pause held back (stopped by a crash or a shutdown) resumes now, as it would have.
        if (state.State.ResumePending && d.Enabled && _tracker is null)
        {
            await StartRunAsync("resume");
        }

        return await GetStatus();
    }

    public async Task<SourceStatus> Reset()
    {
        var d = Definition;
        RefuseWhileRunning("reset");
        await MoveCheckpointBackAsync(SourceCheckpoint.Start);
        logger.CheckpointReset(d.Id);
        return await GetStatus();
    }

    public async Task<SourceStatus> Replay(Guid fromRun)
    {
        var d = Definition;
        RefuseWhileRunning("replay");
        var run = state.State.History.FirstOrDefault(r => r.RunId == fromRun)
            ?? await store.GetRunAsync(fromRun, CancellationToken.None)
            ?? throw new RunNotFoundException(fromRun);
        if (!string.Equals(run.Source, d.Id, StringComparison.Ordinal))
        {
            throw new RunSourceMismatchException(
                $"Run '{fromRun}' is a run of source '{run.Source}', not of '{d.Id}': replay it from its own source.")
            {
                RunId1 = fromRun,
                Source1 = run.Source,
            };
        }

        // Again: a scheduled run may have started while the run log was read.
        RefuseWhileRunning("replay");
        await MoveCheckpointBackAsync(run.CheckpointBefore);
        logger.CheckpointReplayed(d.Id, fromRun, run.CheckpointBefore.RecordsCommitted);
        return await GetStatus();
    }

    /// <summary>
    /// On activation, when a stopped run should resume: true (and the resume kept pending, stored)
    /// when the source is paused, so the run waits for <see cref="Unpause"/>.
    /// </summary>
    private async Task<bool> HoldResumeWhilePausedAsync()
    {
        if (state.State.Paused is null)
        {
            return false;
        }

        logger.ResumeHeldWhilePaused(Definition.Id);
        if (!state.State.ResumePending)
        {
            state.State.ResumePending = true;
            await PersistAsync();
        }

        return true;
    }

    /// <summary>A manual run of a paused source is a conflict: the operator paused it on purpose.</summary>
    private void RefuseWhilePaused()
    {
        if (state.State.Paused is { } pause)
        {
            var why = pause.Reason is null ? "" : $" ({pause.Reason})";
            throw new SourceConflictException(
                Definition.Id,
                $"Source '{Definition.Id}' is paused since {pause.At.ToString("O", CultureInfo.InvariantCulture)} by {pause.By}{why}: resume it first.");
        }
    }

    private void RefuseWhileRunning(string what)
    {
        if (_tracker is { } running)
        {
            throw new SourceConflictException(
                Definition.Id,
                $"Source '{Definition.Id}' has run {running.Started.RunId} going on: cancel it or wait for it to finish, then {what}.");
        }
    }

    private async Task MoveCheckpointBackAsync(SourceCheckpoint to)
    {
        var previous = state.State.Checkpoint;
        state.State.Checkpoint = to;
        try
        {
            await PersistAsync();
        }
        catch
        {
            state.State.Checkpoint = previous;
            throw;
        }
    }

    /// <summary>Trimmed and clipped (never splitting a surrogate pair); null when empty.</summary>
    public static string? CleanReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length <= MaxPauseReasonLength)
        {
            return trimmed;
        }

        var cut = char.IsHighSurrogate(trimmed[MaxPauseReasonLength - 1]) ? MaxPauseReasonLength - 1 : MaxPauseReasonLength;
        return trimmed[..cut].TrimEnd();
    }

    private static string CleanBy(string? by) => string.IsNullOrWhiteSpace(by) ? "unknown" : by.Trim();
}

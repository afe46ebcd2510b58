namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// One configured source (key = source id, e.g. <c>csv</c>). Owns the checkpoint and run history;
/// a reminder drives its cycles. Runs go on in the background: every method answers at once.
/// </summary>
[Alias("kasparro.ISourceGrain")]
public interface ISourceGrain : IGrainWithStringKey
{
    /// <summary>Starts a run now, or returns the run already in progress; <see cref="SourceDisabledException"/> when the source is disabled.</summary>
    [Alias("TriggerRun")]
    Task<RunInfo> TriggerRun();

    [Alias("GetStatus")]
    Task<SourceStatus> GetStatus();

    /// <summary>A run from the recent history (or the active run); null when the grain no longer holds it.</summary>
    [Alias("GetRun")]
    Task<RunInfo?> GetRun(Guid runId);

    /// <summary>The most recent runs, newest first, from the bounded history in grain state.</summary>
    [Alias("GetRecentRuns")]
    Task<IReadOnlyList<RunInfo>> GetRecentRuns(int limit);

    /// <summary>Replaces the failure injection settings at run time; returns them as applied (clamped).</summary>
    [Alias("SetFailureInjection")]
    Task<FailureInjectionSettings> SetFailureInjection(FailureInjectionSettings injection);

    /// <summary>Registers or removes the source's reminder to match its configuration.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduled();

    /// <summary>
    /// Pauses the source: its reminder is unregistered and its short-cycle timer stopped, so no
    /// schedule runs it (nor the resume after a crash or shutdown, which waits for <see cref="Unpause"/>),
    /// and a manual trigger is refused with <see cref="Control.SourceConflictException"/>. A run
    /// already going on is not stopped (cancelling it does that). Idempotent: pausing a paused
    /// source keeps the first pause (when, why, by whom) unchanged. <paramref name="reason"/> is
    /// trimmed and clipped; <paramref name="by"/> is the id of the caller's key (never the key).
    /// </summary>
    [Alias("Pause")]
    Task<SourceStatus> Pause(string? reason, string by);

    /// <summary>Ends a pause: the schedule is registered again, and a resume the pause held back runs now. Idempotent.</summary>
    [Alias("Unpause")]
    Task<SourceStatus> Unpause(string by);

    /// <summary>
    /// Sets the checkpoint back to the start: the next run re-reads everything (writes are
    /// idempotent, nothing duplicates). <see cref="Control.SourceConflictException"/> while a run is going on.
    /// </summary>
    [Alias("Reset")]
    Task<SourceStatus> Reset();

    /// <summary>
    /// Sets the checkpoint back to where run <paramref name="fromRun"/> started, so the runs since are
    /// re-read. <see cref="Control.SourceConflictException"/> while a run is going on;
    /// <see cref="Runs.RunNotFoundException"/> for a run neither the grain nor the run log knows;
    /// <see cref="Runs.RunSourceMismatchException"/> for another source's run.
    /// </summary>
    [Alias("Replay")]
    Task<SourceStatus> Replay(Guid fromRun);

    /// <summary>
    /// Asks the run in progress to stop at its next batch boundary; it ends as <see cref="RunStatus.Cancelled"/>
    /// with the checkpoint at its last durable batch. Returns the run as it is now (still running
    /// until it stops; the cancelled run when it already was). <see cref="Control.SourceConflictException"/>
    /// for a run that ended otherwise; <see cref="Runs.RunNotFoundException"/> for a run this source never had.
    /// </summary>
    [Alias("CancelRun")]
    Task<RunInfo> CancelRun(Guid runId);

    /// <summary>
    /// Unschedules the source once a run in progress has stopped (it is cancelled and waited for); with
    /// <paramref name="purge"/> also deletes its data and its state. Returns what was deleted.
    /// </summary>
    [Alias("Remove")]
    Task<SourcePurge> Remove(bool purge);

    /// <summary>
    /// Takes the definition the source registry holds for this source (a newer version, or the same
    /// again), keeps it with the checkpoint and lines the schedule up with it. A deleted definition
    /// unschedules the source. Sent by the registry; nobody else calls it.
    /// </summary>
    [Alias("Define")]
    Task Define(Control.SourceDocument document);
}

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
    /// Takes the definition the source registry holds for this source (a newer version, or the same
    /// again), keeps it with the checkpoint and lines the schedule up with it. A deleted definition
    /// unschedules the source. Sent by the registry; nobody else calls it.
    /// </summary>
    [Alias("Define")]
    Task Define(Control.SourceDocument document);

    // TEMPORARY(merge): declared here until the control and cancel branches land with their own.
    [Alias("Pause")]
    Task<SourceStatus> Pause(string? reason, string by);

    [Alias("Unpause")]
    Task<SourceStatus> Unpause(string by);

    [Alias("Reset")]
    Task<SourceStatus> Reset();

    [Alias("Replay")]
    Task<SourceStatus> Replay(Guid fromRun);

    [Alias("CancelRun")]
    Task<RunInfo> CancelRun(Guid runId);

    [Alias("Remove")]
    Task Remove(bool purge);
}

using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <summary>
/// What a source grain persists. The history is bounded (newest first); the full history is in
/// the run log. <see cref="ActiveRun"/> still set on activation means the silo died mid-run.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceState")]
public sealed class SourceState
{
    [Id(0)]
    public SourceCheckpoint Checkpoint { get; set; } = SourceCheckpoint.Start;

    [Id(1)]
    public RunInfo? ActiveRun { get; set; }

    [Id(2)]
    public List<RunInfo> History { get; set; } = [];

    /// <summary>Failure injection set at run time; null means "as configured".</summary>
    [Id(3)]
    public FailureInjectionSettings? FailureInjection { get; set; }

    [Id(4)]
    public DateTime? LastRunStartedAt { get; set; }

    /// <summary>The reminder period last registered, so a silo restart does not re-register (and shift) it.</summary>
    [Id(5)]
    public TimeSpan? ReminderPeriod { get; set; }

    /// <summary>
    /// Under the <c>evolve</c> drift policy: the renames (configured name to the source's new name)
    /// the last run read with, so the next run starts with them instead of reading its first batch
    /// twice. Null when none.
    /// </summary>
    [Id(6)]
    public Dictionary<string, string>? AppliedRenames { get; set; }

    /// <summary>The configured column mapping <see cref="AppliedRenames"/> were found against; another mapping discards them.</summary>
    [Id(7)]
    public string? AppliedRenamesMapping { get; set; }

    /// <summary>
    /// The run log's outbox: run records (the newest of each run) the run log could not take when
    /// they were written (database down). Kept with the state and retried until written, so a run's
    /// final record always reaches the run log. Null when empty.
    /// </summary>
    [Id(8)]
    public List<RunInfo>? UnloggedRuns { get; set; }

    /// <summary>
    /// A run was stopped by a deactivation (graceful shutdown, rebalancing) before it finished: the
    /// next activation resumes at once rather than waiting for the next scheduled tick.
    /// </summary>
    [Id(9)]
    public bool ResumePending { get; set; }

    /// <summary>
    /// Paused by an operator (since when, why, by which key): no schedule runs the source (reminder,
    /// timer, resume) until it is resumed, and a manual trigger is refused. Null when not paused.
    /// </summary>
    [Id(10)]
    public Kasparro.Grains.Interfaces.Control.SourcePause? Paused { get; set; }

    /// <summary>The source's definition as the registry last handed it over; null before the first (then the grain asks the registry).</summary>
    [Id(11)]
    public Kasparro.Grains.Interfaces.Control.SourceDocument? Document { get; set; }

    /// <summary>
    /// The alert outbox: alerts of finished runs the alert store did not take yet (database down).
    /// Kept with the state and raised again until taken (ids are stable, so a repeat is stored once).
    /// Null when empty, and in state written before alerts existed.
    /// </summary>
    [Id(12)]
    public List<Kasparro.Grains.Interfaces.Alerts.AlertEvent>? UnraisedAlerts { get; set; }

    public void AddToHistory(RunInfo run, int limit)
    {
        History.RemoveAll(r => r.RunId == run.RunId);
        History.Insert(0, run);
        if (History.Count > limit)
        {
            History.RemoveRange(limit, History.Count - limit);
        }
    }
}

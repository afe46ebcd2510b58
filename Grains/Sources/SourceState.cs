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

    /// <summary>
    /// The source's failed runs in a row up to its last run, advanced at every run end (see
    /// <see cref="RecordEnd"/>), so a streak longer than <see cref="History"/> is counted whole. Null
    /// when there is none, and in state written before streaks were kept (see <see cref="CurrentFailureStreak"/>).
    /// </summary>
    [Id(13)]
    public Kasparro.Grains.Alerts.FailureStreak? FailureStreak { get; set; }

    /// <summary>
    /// The failure streak before the next run ends. State written before streaks were kept has none
    /// stored: it is read from the history then, as it used to be, so an upgrade does not forget a
    /// streak in progress; the next run end stores it. (With a streak ended or never started, the
    /// history ends with no failure after its last success, so this is null too.)
    /// </summary>
    public Kasparro.Grains.Alerts.FailureStreak? CurrentFailureStreak() =>
        FailureStreak ?? Kasparro.Grains.Alerts.FailureStreak.Of(History);

    /// <summary>Records a run's end: advances the failure streak with it and puts it at the head of the history.</summary>
    public void RecordEnd(RunInfo ended, int historyLimit)
    {
        ArgumentNullException.ThrowIfNull(ended);
        FailureStreak = Kasparro.Grains.Alerts.FailureStreak.After(CurrentFailureStreak(), ended);
        AddToHistory(ended, historyLimit);
    }

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

using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// A source's failed runs in a row: how many, since when (the first failure's end), and the latest
/// failure. Kept in the source's grain state and advanced at every run end (<see cref="After"/>), so
/// a streak longer than the bounded run history is still counted whole and dated from its first
/// failure. Null means no streak. A success ends a streak. Cancelled runs are neither successes nor
/// failures (as scoring treats them), and a run interrupted by a silo stopping is resumed at once by
/// the next run, which carries the outcome: both are stepped over, neither ending a streak nor
/// counting in it.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.FailureStreak")]
public sealed record FailureStreak(
    [property: Id(0)] int Failures,
    [property: Id(1)] DateTime Since,
    [property: Id(2)] Guid LatestRunId,
    [property: Id(3)] string? LatestErrorType)
{
    /// <summary>
    /// The streak once <paramref name="ended"/> has ended: one longer for a failure (the same failure
    /// twice counts once), none after a success, unchanged otherwise.
    /// </summary>
    public static FailureStreak? After(FailureStreak? before, RunInfo ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (IsFailure(ended))
        {
            return before is not null && before.LatestRunId == ended.RunId
                ? before
                : new FailureStreak((before?.Failures ?? 0) + 1, before?.Since ?? When(ended), ended.RunId, ended.ErrorType);
        }

        return ended.Status == RunStatus.Success ? null : before;
    }

    /// <summary>
    /// The streak <paramref name="history"/> (newest first) ends with, by the same rules. Only for
    /// state stored before the streak was kept: the history is bounded, so this may count short.
    /// </summary>
    public static FailureStreak? Of(IEnumerable<RunInfo> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        FailureStreak? streak = null;
        foreach (var run in history.TakeWhile(r => r.Status != RunStatus.Success).Where(IsFailure).Reverse())
        {
            streak = After(streak, run);
        }

        return streak;
    }

    /// <summary>A failed run that counts: not one cut short by a silo stopping (that one is resumed).</summary>
    public static bool IsFailure(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status == RunStatus.Failed && run.ErrorType != RunLogReconciliation.InterruptedErrorType;
    }

    private static DateTime When(RunInfo run) => run.CompletedAt ?? run.StartedAt;
}

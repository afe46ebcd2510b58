using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The failed runs in a row at the head of a source's history (newest first). A success ends a
/// streak. Cancelled runs are neither successes nor failures (as scoring treats them), and a run
/// interrupted by a silo stopping is resumed at once by the next run, which carries the outcome: both
/// are stepped over, neither ending a streak nor counting in it.
/// </summary>
public readonly record struct FailureStreak(int Failures, DateTime? Since, RunInfo? Latest)
{
    public static FailureStreak None { get; } = new(0, null, null);

    /// <summary>The streak <paramref name="history"/> (newest first) ends with.</summary>
    public static FailureStreak Of(IEnumerable<RunInfo> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var streak = None;
        foreach (var run in history)
        {
            if (IsFailure(run))
            {
                streak = new FailureStreak(streak.Failures + 1, When(run), streak.Latest ?? run);
            }
            else if (run.Status == RunStatus.Success)
            {
                break;
            }
        }

        return streak;
    }

    /// <summary>The streak once <paramref name="failed"/> (a failure) is added to it.</summary>
    public FailureStreak With(RunInfo failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return new FailureStreak(Failures + 1, Since ?? When(failed), failed);
    }

    /// <summary>A failed run that counts: not one cut short by a silo stopping (that one is resumed).</summary>
    public static bool IsFailure(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status == RunStatus.Failed && run.ErrorType != RunLogReconciliation.InterruptedErrorType;
    }

    private static DateTime When(RunInfo run) => run.CompletedAt ?? run.StartedAt;
}

using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// What an activation writes over run-log rows of its source still marked <c>running</c>. Only one
/// activation of a source exists, so a running row that is not its active run was left by a run whose
/// end never reached the run log: it takes its final record from the grain's history when the grain
/// has it, else it is closed as failed (<c>interrupted</c>). Rows the outbox will write are left to it.
/// </summary>
public static class RunLogReconciliation
{
    public const string InterruptedErrorType = "interrupted";

    public const string LostEndMessage =
        "The run ended without its final record reaching the run log (its silo stopped or the database was down); " +
        "the next run resumed from the last durable checkpoint.";

    public static IReadOnlyList<RunInfo> Corrections(
        IEnumerable<RunInfo> runningRows, Guid? activeRunId, IEnumerable<RunInfo> history, IEnumerable<RunInfo> outbox, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(runningRows);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(outbox);
        var finished = history.Where(r => r.Status != RunStatus.Running).GroupBy(r => r.RunId).ToDictionary(g => g.Key, g => g.First());
        var queued = outbox.Select(r => r.RunId).ToHashSet();
        var corrections = new List<RunInfo>();
        foreach (var row in runningRows)
        {
            if (row.Status != RunStatus.Running || row.RunId == activeRunId || queued.Contains(row.RunId))
            {
                continue;
            }

            corrections.Add(finished.TryGetValue(row.RunId, out var known) ? known : Interrupted(row, now));
        }

        return corrections;
    }

    /// <summary>The run closed as failed where it stood: never completed before it started.</summary>
    public static RunInfo Interrupted(RunInfo row, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row with
        {
            Status = RunStatus.Failed,
            CompletedAt = now < row.StartedAt ? row.StartedAt : now,
            ErrorType = InterruptedErrorType,
            ErrorMessage = LostEndMessage,
            CheckpointAfter = row.CheckpointAfter ?? row.CheckpointBefore,
        };
    }
}

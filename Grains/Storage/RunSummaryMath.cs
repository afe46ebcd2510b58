using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The in-memory twin of the run_summary trigger (migrations 0006 and 0010): a run's contribution is added
/// when it is logged and the previous version's taken away, so each run counts once, as it is now.
/// </summary>
internal static class RunSummaryMath
{
    public static RunSummary Apply(RunSummary summary, RunInfo? previous, RunInfo current) =>
        Add(previous is null ? summary : Add(summary, previous, -1), current, 1);

    /// <summary>The duration the run log stores: whole milliseconds, truncated.</summary>
    public static long? DurationMilliseconds(RunInfo run) =>
        run.CompletedAt is { } done ? (long)(done - run.StartedAt).TotalMilliseconds : null;

    /// <summary>Count of <paramref name="summary"/>'s runs with <paramref name="status"/> (all when null).</summary>
    public static long Count(RunSummary summary, RunStatus? status) => status switch
    {
        null => summary.TotalRuns,
        RunStatus.Running => summary.RunningRuns,
        RunStatus.Success => summary.SuccessfulRuns,
        RunStatus.Cancelled => summary.CancelledRuns,
        _ => summary.FailedRuns,
    };

    private static RunSummary Add(RunSummary s, RunInfo r, int sign)
    {
        var finished = r.Status != RunStatus.Running;
        var duration = DurationMilliseconds(r);
        return s with
        {
            TotalRuns = s.TotalRuns + sign,
            RunningRuns = s.RunningRuns + (r.Status == RunStatus.Running ? sign : 0),
            SuccessfulRuns = s.SuccessfulRuns + (r.Status == RunStatus.Success ? sign : 0),
            FailedRuns = s.FailedRuns + (r.Status == RunStatus.Failed ? sign : 0),
            CancelledRuns = s.CancelledRuns + (r.Status == RunStatus.Cancelled ? sign : 0),
            RecordsRead = s.RecordsRead + (finished ? sign * r.RecordsRead : 0),
            RecordsWritten = s.RecordsWritten + (finished ? sign * r.RecordsWritten : 0),
            RecordsRejected = s.RecordsRejected + (finished ? sign * r.RecordsRejected : 0),
            DurationMilliseconds = s.DurationMilliseconds + (finished ? sign * (duration ?? 0) : 0),
            TimedRuns = s.TimedRuns + (finished && duration is not null ? sign : 0),
            // As GREATEST does: a removed contribution never moves a time back.
            LastStartedAt = sign > 0 ? Latest(s.LastStartedAt, r.StartedAt) : s.LastStartedAt,
            LastSuccessfulRun = sign > 0 && r.Status == RunStatus.Success ? Latest(s.LastSuccessfulRun, r.CompletedAt) : s.LastSuccessfulRun,
            LastFailedRun = sign > 0 && r.Status == RunStatus.Failed ? Latest(s.LastFailedRun, r.CompletedAt) : s.LastFailedRun,
        };
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using static Kasparro.Tests.Runs.RunSamples;

namespace Kasparro.Tests.Runs;

/// <summary>
/// How a cancelled run counts everywhere a status matters: by its own name, apart in the run summary,
/// neither a success nor a failure for scoring, comparison and health.
/// </summary>
public sealed class CancelledRunTests
{
    [Fact]
    public void Cancelled_is_a_status_of_its_own_name()
    {
        Assert.Equal("cancelled", RunStatusNames.Name(RunStatus.Cancelled));
        Assert.Equal(RunStatus.Cancelled, RunStatusNames.Parse("cancelled"));
        Assert.Equal(["running", "success", "failed", "cancelled"], RunStatusNames.Names);
    }

    [Fact]
    public void A_cancelled_run_keeps_what_it_committed_and_says_why_it_ended()
    {
        var tracker = RunTracker.Start("csv", SourceCheckpoint.Start, "manual", T0);
        var checkpoint = new SourceCheckpoint(40, T0.AddSeconds(1));
        tracker.BatchCommitted(40, 38, new Dictionary<string, long> { ["invalid_number"] = 2 }, checkpoint);

        var cancelled = tracker.Cancelled(T0.AddSeconds(2));

        Assert.Equal((RunStatus.Cancelled, "cancelled", "cancelled by request"), (cancelled.Status, cancelled.ErrorType, cancelled.ErrorMessage));
        Assert.Equal((40L, 38L, 2L, T0.AddSeconds(2)), (cancelled.RecordsRead, cancelled.RecordsWritten, cancelled.RecordsRejected, cancelled.CompletedAt));
        Assert.Equal(checkpoint, cancelled.CheckpointAfter);
        Assert.Equal(SourceCheckpoint.Start, RunTracker.Start("csv", SourceCheckpoint.Start, "manual", T0).Cancelled(T0).CheckpointAfter);
    }

    [Fact]
    public void The_run_summary_counts_cancelled_runs_apart_and_moves_a_run_from_running_to_cancelled()
    {
        var running = Run(10, status: RunStatus.Running);
        var cancelled = running with { Status = RunStatus.Cancelled, CompletedAt = T0.AddSeconds(3), ErrorType = "cancelled" };

        var summary = RunSummaryMath.Apply(RunSummary.Empty("csv"), null, running);
        summary = RunSummaryMath.Apply(summary, running, cancelled);
        summary = RunSummaryMath.Apply(summary, null, Run(5));

        Assert.Equal((2L, 0L, 1L, 0L, 1L), (summary.TotalRuns, summary.RunningRuns, summary.SuccessfulRuns, summary.FailedRuns, summary.CancelledRuns));
        Assert.Equal(15, summary.RecordsRead); // a cancelled run is finished: its records count
        Assert.Equal(1, RunSummaryMath.Count(summary, RunStatus.Cancelled));
        Assert.Null(summary.LastFailedRun);
    }

    [Fact]
    public void A_cancelled_run_is_never_scored_and_never_part_of_a_baseline()
    {
        var steady = History([100, 100, 100, 100, 100]);
        var outlier = Run(1_000_000);
        Assert.NotEmpty(RunHistoryScorer.Score(outlier, steady)); // the rule fires on this history...

        // ...but not for a cancelled run, however short it was,
        Assert.Empty(RunHistoryScorer.Score(outlier with { Status = RunStatus.Cancelled }, steady));

        // and cancelled runs in the history are no baseline: four successes are too few to score against.
        var history = History([100, 100, 100, 100]).Concat(Enumerable.Range(0, 5).Select(_ => Run(100, status: RunStatus.Cancelled)));
        Assert.Empty(RunHistoryScorer.Score(outlier, history));
    }

    [Fact]
    public void A_quick_cancelled_run_is_not_suspicious_nor_a_degradation()
    {
        var fast = TimeSpan.FromMilliseconds(10);
        var cancelled = Run(0, fast, RunStatus.Cancelled);
        var comparison = RunComparisonRules.Compare(Run(100), cancelled, T0.AddHours(1));

        Assert.DoesNotContain(comparison.Anomalies, a => a.Rule is Kasparro.Grains.Interfaces.Runs.AnomalyRules.SuspiciouslyFast
            or Kasparro.Grains.Interfaces.Runs.AnomalyRules.StatusDegraded or Kasparro.Grains.Interfaces.Runs.AnomalyRules.ZeroRecords);
        Assert.Contains(RunComparisonRules.Compare(Run(100), Run(0, fast), T0.AddHours(1)).Anomalies,
            a => a.Rule == Kasparro.Grains.Interfaces.Runs.AnomalyRules.SuspiciouslyFast);
    }

    [Fact]
    public void A_source_whose_last_run_was_cancelled_is_neither_failed_nor_degraded()
    {
        var cancelled = Run(10, status: RunStatus.Cancelled) with { ErrorType = "cancelled", ErrorMessage = "cancelled by request" };
        var source = new SourceStatus("csv", SourceKind.Csv, true, TimeSpan.FromMinutes(5), null, SourceCheckpoint.Start, null, cancelled, FailureInjectionSettings.Off);

        var status = EtlStatus.From(source, null);

        Assert.Equal(("cancelled", (string?)null), (status.Status, status.Reason));
    }
}

using System.Globalization;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// Scores a finished run against its source's recent successful runs with robust statistics:
/// records read and duration each get a robust z-score, (x - median) / (1.4826 × MAD), and a
/// score beyond ±3.5 is an anomaly. The spread is never taken below 10% of the median, nor below
/// one record or 0.1 s, which keeps the score finite when MAD is 0 (half the runs or more alike)
/// and ignores differences too small to matter. Fewer than five past runs: no scoring at all.
/// </summary>
public static class RunHistoryScorer
{
    /// <summary>Past successful runs needed before a run is scored.</summary>
    public const int MinimumHistory = 5;

    /// <summary>The most recent successful runs the baseline is made of.</summary>
    public const int Window = 20;

    /// <summary>A robust z-score beyond this (either way) is an anomaly.</summary>
    public const double Threshold = 3.5;

    /// <summary>The spread is at least this share of the median.</summary>
    public const double RelativeSpreadFloor = 0.1;

    public const double MinimumRecordSpread = 1;

    public const double MinimumDurationSpreadSeconds = 0.1;

    /// <summary>
    /// The anomalies of <paramref name="run"/> against <paramref name="history"/> (newest first;
    /// only finished successful runs other than this one count, the first <see cref="Window"/> of them).
    /// An unfinished or cancelled run, or too little history, gives none. Cancelled runs are neither
    /// successes nor failures: never in the baseline (only successes are), never scored.
    /// </summary>
    public static IReadOnlyList<RunAnomaly> Score(RunInfo run, IEnumerable<RunInfo> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        // A cancelled run is cut short on purpose: scoring its records or duration would only cry wolf.
        if (run.CompletedAt is not { } completed || run.Status == RunStatus.Cancelled)
        {
            return [];
        }

        var baseline = history
            .Where(r => r.RunId != run.RunId && r.Status == RunStatus.Success && r.CompletedAt is not null)
            .Take(Window)
            .ToArray();
        if (baseline.Length < MinimumHistory)
        {
            return [];
        }

        var anomalies = new List<RunAnomaly>(2);
        if (Check(run.RecordsRead, baseline.Select(b => (double)b.RecordsRead).ToArray(), MinimumRecordSpread) is { } r)
        {
            anomalies.Add(new RunAnomaly(AnomalyRules.RecordsOutlier, Text(
                $"The run read {run.RecordsRead} records; the last {baseline.Length} successful runs read a median of {r.Median:0.#} (robust z {r.Z:0.0}, limit ±{Threshold})."),
                Values("records", run.RecordsRead, r, baseline.Length)));
        }

        var seconds = Math.Max(0, (completed - run.StartedAt).TotalSeconds);
        var durations = baseline.Select(b => Math.Max(0, (b.CompletedAt!.Value - b.StartedAt).TotalSeconds)).ToArray();
        if (Check(seconds, durations, MinimumDurationSpreadSeconds) is { } d)
        {
            anomalies.Add(new RunAnomaly(AnomalyRules.DurationOutlier, Text(
                $"The run took {seconds:0.###} s; the last {baseline.Length} successful runs took a median of {d.Median:0.###} s (robust z {d.Z:0.0}, limit ±{Threshold})."),
                Values("duration_seconds", seconds, d, baseline.Length)));
        }

        return anomalies;
    }

    /// <summary>The score when it is beyond the threshold, else null.</summary>
    internal static RobustScore? Check(double value, double[] sample, double minimumSpread)
    {
        var floor = Math.Max(minimumSpread, RelativeSpreadFloor * Math.Abs(RobustStatistics.Median(sample)));
        var score = RobustStatistics.Score(value, sample, floor);
        return Math.Abs(score.Z) > Threshold ? score : null;
    }

    private static Dictionary<string, double> Values(string name, double value, RobustScore score, int runs) => new()
    {
        [name] = value,
        ["median"] = score.Median,
        ["mad"] = score.Mad,
        ["scale"] = score.Scale,
        ["robust_z"] = score.Z,
        ["threshold"] = Threshold,
        ["history_runs"] = runs,
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

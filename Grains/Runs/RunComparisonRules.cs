using System.Globalization;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// The pair rules: run 2 measured against run 1 (the baseline). Boundaries are exclusive (exactly
/// +50% records, exactly double the time, exactly 0.1 s are not anomalies) and are compared in
/// whole records and clock ticks, so no rounding moves them. Nothing here divides by a run 1 figure
/// that may be zero: a percentage of zero is null, and the rules are written as multiplications,
/// so going from zero records (or zero seconds) to any is a change (and more than double).
/// </summary>
public static class RunComparisonRules
{
    public static readonly TimeSpan SuspiciouslyFastUnder = TimeSpan.FromMilliseconds(100);

    /// <summary>The record count may change by this share of run 1's (either way) before it is an anomaly.</summary>
    public const double MaxRecordChange = 0.5;

    public static RunComparison Compare(RunInfo run1, RunInfo run2, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run1);
        ArgumentNullException.ThrowIfNull(run2);
        var duration1 = Duration(run1, now);
        var duration2 = Duration(run2, now);
        var anomalies = new[]
        {
            RecordCountChange(run1.RecordsRead, run2.RecordsRead),
            DurationDoubled(duration1, duration2),
            SuspiciouslyFast(run2, duration2),
            StatusDegraded(run1, run2),
            ZeroRecords(run2),
        };
        return new RunComparison(
            run1.RunId, run2.RunId, run2.Source,
            run2.RecordsRead - run1.RecordsRead, Percent(run2.RecordsRead - run1.RecordsRead, run1.RecordsRead),
            (duration2 - duration1).TotalSeconds, Percent(duration2.Ticks - duration1.Ticks, duration1.Ticks),
            run1.Status != run2.Status,
            anomalies.OfType<RunAnomaly>().ToArray(),
            run1, run2);
    }

    /// <summary>Start to completion (to now while running); never negative, even if clocks disagree.</summary>
    public static TimeSpan Duration(RunInfo run, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var duration = (run.CompletedAt ?? now) - run.StartedAt;
        return duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
    }

    /// <summary>difference / baseline in percent; null when the baseline is zero.</summary>
    public static double? Percent(long difference, long baseline) =>
        baseline == 0 ? null : (double)difference / baseline * 100;

    internal static RunAnomaly? RecordCountChange(long before, long after)
    {
        var change = after - before;
        // |change| / before > 0.5, kept exact as |change| * 2 > before; from 0, any record is a change.
        if (Math.Abs(change) * 2 <= before || change == 0)
        {
            return null;
        }

        var values = new Dictionary<string, double>
        {
            ["records_before"] = before,
            ["records_after"] = after,
            ["threshold_percent"] = MaxRecordChange * 100,
        };
        if (Percent(change, before) is { } percent)
        {
            values["change_percent"] = percent;
            return new RunAnomaly(AnomalyRules.RecordCountChange, Text(
                $"The record count went from {before} to {after} ({percent:+0.#;-0.#}%), a change of more than 50%."), values);
        }

        return new RunAnomaly(AnomalyRules.RecordCountChange, Text(
            $"The record count went from 0 to {after}: records where the baseline run had none."), values);
    }

    internal static RunAnomaly? DurationDoubled(TimeSpan before, TimeSpan after)
    {
        if (after.Ticks <= 2 * before.Ticks)
        {
            return null;
        }

        var values = new Dictionary<string, double>
        {
            ["duration_before_seconds"] = before.TotalSeconds,
            ["duration_after_seconds"] = after.TotalSeconds,
        };
        if (before > TimeSpan.Zero)
        {
            values["ratio"] = (double)after.Ticks / before.Ticks;
        }

        return new RunAnomaly(AnomalyRules.DurationDoubled, Text(
            $"The run took {after.TotalSeconds:0.###} s against {before.TotalSeconds:0.###} s: more than twice as long."), values);
    }

    // A cancelled run ends when the operator says so: its speed is no sign of trouble. (Cancelled is
    // neither a success nor a failure, so StatusDegraded and ZeroRecords leave it alone too.)
    internal static RunAnomaly? SuspiciouslyFast(RunInfo run2, TimeSpan duration2) =>
        run2.CompletedAt is null || run2.Status == RunStatus.Cancelled || duration2 >= SuspiciouslyFastUnder
            ? null
            : new RunAnomaly(AnomalyRules.SuspiciouslyFast, Text(
                $"The run finished in {duration2.TotalSeconds:0.###} s, under {SuspiciouslyFastUnder.TotalSeconds:0.###} s."),
                new Dictionary<string, double>
                {
                    ["duration_seconds"] = duration2.TotalSeconds,
                    ["threshold_seconds"] = SuspiciouslyFastUnder.TotalSeconds,
                });

    internal static RunAnomaly? StatusDegraded(RunInfo run1, RunInfo run2) =>
        run1.Status == RunStatus.Success && run2.Status == RunStatus.Failed
            ? new RunAnomaly(AnomalyRules.StatusDegraded, Text(
                $"The baseline run succeeded; this one failed ({run2.ErrorType ?? "unknown error"})."),
                new Dictionary<string, double> { ["records_before"] = run1.RecordsRead, ["records_after"] = run2.RecordsRead })
            : null;

    internal static RunAnomaly? ZeroRecords(RunInfo run2) =>
        run2.Status == RunStatus.Success && run2.RecordsRead == 0
            ? new RunAnomaly(AnomalyRules.ZeroRecords, "The run succeeded without reading a single record.",
                new Dictionary<string, double> { ["records"] = 0 })
            : null;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>The ids of the anomaly rules, as stored in the run log, exported in metrics and served as JSON.</summary>
public static class AnomalyRules
{
    /// <summary>Pair rule: the record count changed by more than 50% of run 1's (or from zero to some).</summary>
    public const string RecordCountChange = "record_count_change";

    /// <summary>Pair rule: run 2 took more than twice as long as run 1.</summary>
    public const string DurationDoubled = "duration_doubled";

    /// <summary>Pair rule: run 2 finished in under 0.1 s.</summary>
    public const string SuspiciouslyFast = "suspiciously_fast";

    /// <summary>Pair rule: run 1 succeeded, run 2 failed.</summary>
    public const string StatusDegraded = "status_degraded";

    /// <summary>Pair rule: run 2 succeeded with zero records.</summary>
    public const string ZeroRecords = "zero_records";

    /// <summary>History rule: the run's record count is far from the median of the source's recent successful runs.</summary>
    public const string RecordsOutlier = "records_outlier";

    /// <summary>History rule: the run's duration is far from the median of the source's recent successful runs.</summary>
    public const string DurationOutlier = "duration_outlier";

    /// <summary>
    /// Run health rule: the run read records but wrote none, or rejected more than its source's
    /// <c>MaxRejectionRate</c> of them. Makes the source degraded in /health.
    /// </summary>
    public const string HighRejectionRate = "high_rejection_rate";
}

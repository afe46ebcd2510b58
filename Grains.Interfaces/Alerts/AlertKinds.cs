namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// The kinds of <see cref="AlertEvent"/>, as stored, filtered on and sent (the payload's <c>type</c>),
/// and the severities. A subscription names the kinds it wants (none: every kind).
/// </summary>
public static class AlertKinds
{
    /// <summary>A run ended failed.</summary>
    public const string RunFailed = "run.failed";

    /// <summary>A source's runs failed <c>Kasparro:Alerts:ConsecutiveFailures</c> times in a row (raised once per streak).</summary>
    public const string SourceFailing = "source.failing";

    /// <summary>The "resolved" event: a source's run succeeded after one or more failed in a row.</summary>
    public const string SourceRecovered = "source.recovered";

    /// <summary>Schema drift found in a run (once per run and drift), with the policy's decision.</summary>
    public const string DriftDetected = "drift.detected";

    /// <summary>A finished run scored unusual against its source's history (one event per rule).</summary>
    public const string RunAnomaly = "run.anomaly";

    /// <summary>A run rejected a share of its records above <c>Kasparro:Alerts:RejectionRate</c>.</summary>
    public const string HighRejectionRate = "run.high_rejection_rate";

    public const string RunCancelled = "run.cancelled";
    public const string SourcePaused = "source.paused";
    public const string SourceResumed = "source.resumed";

    /// <summary>A source created, replaced, deleted, reset or replayed through the API.</summary>
    public const string SourceChanged = "source.changed";

    /// <summary>The sample an operator sends with <c>POST /alerts/webhooks/{id}/test</c>; never stored.</summary>
    public const string Test = "alert.test";

    /// <summary>Every kind a subscription may name.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        RunFailed, SourceFailing, SourceRecovered, DriftDetected, RunAnomaly, HighRejectionRate,
        RunCancelled, SourcePaused, SourceResumed, SourceChanged,
    ];

    public const string Critical = "critical";
    public const string Warning = "warning";
    public const string Info = "info";
}

using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Alerts about what a run's records looked like, whatever its status: a rejection rate above the
/// alert threshold, and the anomalies the run was scored with (one event per rule).
/// </summary>
public static class RunQualityAlerts
{
    /// <summary>Most rejection reasons named in <c>run.high_rejection_rate</c> (the largest first).</summary>
    public const int TopReasons = 5;

    /// <summary>
    /// <c>run.high_rejection_rate</c> when the run read at least <see cref="AlertOptions.RejectionRateMinRecords"/>
    /// and rejected more than <see cref="AlertOptions.RejectionRate"/> of them (exclusive, in whole records).
    /// </summary>
    public static AlertEvent? HighRejectionRate(RunInfo run, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        if (run.RecordsRead <= 0 || run.RecordsRead < options.RejectionRateMinRecords
            || (decimal)run.RecordsRejected <= (decimal)options.RejectionRate * run.RecordsRead)
        {
            return null;
        }

        var rate = (double)run.RecordsRejected / run.RecordsRead;
        var data = AlertData.Run(run);
        data["rate"] = rate;
        data["threshold"] = options.RejectionRate;
        data["min_records"] = options.RejectionRateMinRecords;
        data["top_reasons"] = new System.Text.Json.Nodes.JsonArray([.. run.Rejections
            .OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Take(TopReasons)
            .Select(r => new System.Text.Json.Nodes.JsonObject { ["reason"] = r.Key, ["count"] = r.Value })]);
        return RunAlerts.Event(AlertKinds.HighRejectionRate, run, AlertKinds.Warning, data, AlertText.Invariant(
            $"Run {AlertText.Short(run.RunId)} of source {run.Source} rejected {run.RecordsRejected} of {run.RecordsRead} records ({AlertText.Percent(rate)}%), above the alert threshold of {AlertText.Percent(options.RejectionRate)}%."));
    }

    /// <summary>
    /// One <c>run.anomaly</c> per anomaly (id suffixed with its rule). A history rule says how many
    /// runs it compared with (<c>history_runs</c>): those are the source's latest successful runs, named
    /// in <c>compared_runs</c> from <paramref name="earlier"/> (newest first).
    /// </summary>
    public static IEnumerable<AlertEvent> Anomalies(RunInfo run, IReadOnlyList<RunInfo> earlier)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(earlier);
        foreach (var anomaly in run.Anomalies.DistinctBy(a => a.Rule, StringComparer.Ordinal))
        {
            var data = AlertData.Run(run);
            data["rule"] = anomaly.Rule;
            data["message"] = AlertText.Message(anomaly.Message);
            data["values"] = AlertData.Numbers(anomaly.Values);
            if (Compared(anomaly, earlier) is { Count: > 0 } compared)
            {
                data["compared_runs"] = AlertData.Strings(compared);
            }

            yield return RunAlerts.Event(AlertKinds.RunAnomaly, run, AlertKinds.Warning, data, AlertText.Invariant(
                $"Run {AlertText.Short(run.RunId)} of source {run.Source} is unusual ({anomaly.Rule}): {AlertText.InSummary(anomaly.Message)}."), anomaly.Rule);
        }
    }

    private static List<string> Compared(RunAnomaly anomaly, IReadOnlyList<RunInfo> earlier) =>
        anomaly.Values.TryGetValue("history_runs", out var runs) && runs >= 1
            ? [.. earlier.Where(r => r.Status == RunStatus.Success && r.CompletedAt is not null).Take((int)Math.Min(runs, 1000)).Select(r => r.RunId.ToString("D"))]
            : [];
}

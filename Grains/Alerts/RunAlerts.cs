using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The alerts a finished run raises, from the run, its source's failure streak before it and its
/// source's earlier runs. Pure: the same inputs give the same events, ids and data, so a retried
/// outbox raises nothing new.
/// <list type="bullet">
/// <item><c>run.failed</c> for every failed run, and <c>source.failing</c> when it makes exactly
/// <see cref="AlertOptions.ConsecutiveFailures"/> in a row (once per streak, see <see cref="FailureStreak"/>).</item>
/// <item><c>source.recovered</c>, the "resolved" event, when a run succeeds after one or more failed.</item>
/// <item><c>run.cancelled</c> for a run cancelled on request.</item>
/// <item><c>run.high_rejection_rate</c> and one <c>run.anomaly</c> per anomaly (see <see cref="RunQualityAlerts"/>).</item>
/// </list>
/// A run interrupted by a silo stopping raises no status alert: the next run resumes it and tells.
/// The streak comes from the grain state, not from the bounded history, so a streak of any length
/// is counted whole and dated from its first failure.
/// </summary>
public static class RunAlerts
{
    /// <param name="finished">The run that just ended.</param>
    /// <param name="streak">The source's failure streak before <paramref name="finished"/>; null when none.</param>
    /// <param name="history">The source's earlier runs, newest first, without <paramref name="finished"/> (anomalies compare against them).</param>
    /// <param name="options">Thresholds.</param>
    public static IReadOnlyList<AlertEvent> For(RunInfo finished, FailureStreak? streak, IReadOnlyList<RunInfo> history, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        if (finished.CompletedAt is null || finished.Status == RunStatus.Running)
        {
            return [];
        }

        var earlier = history.Where(r => r.RunId != finished.RunId).ToArray();
        var events = new List<AlertEvent>();
        switch (finished.Status)
        {
            case RunStatus.Failed when FailureStreak.IsFailure(finished):
                events.Add(Failed(finished));
                if (FailureStreak.After(streak, finished) is { } longer && longer.Failures == Math.Max(1, options.ConsecutiveFailures))
                {
                    events.Add(Failing(finished, longer));
                }

                break;
            case RunStatus.Success when streak is { Failures: > 0 } ended:
                events.Add(Recovered(finished, ended, options));
                break;
            case RunStatus.Cancelled:
                events.Add(Cancelled(finished));
                break;
        }

        if (RunQualityAlerts.HighRejectionRate(finished, options) is { } rejection)
        {
            events.Add(rejection);
        }

        events.AddRange(RunQualityAlerts.Anomalies(finished, earlier));
        return events;
    }

    private static AlertEvent Failed(RunInfo run)
    {
        var data = AlertData.Run(run);
        data["error_type"] = run.ErrorType;
        data["error_message"] = AlertText.Message(run.ErrorMessage);
        var why = AlertText.InSummary(run.ErrorMessage);
        return Event(AlertKinds.RunFailed, run, AlertKinds.Warning, data, AlertText.Invariant(
            $"Run {AlertText.Short(run.RunId)} of source {run.Source} failed ({run.ErrorType ?? "unknown error"}){(why.Length > 0 ? ": " + why : "")}."));
    }

    private static AlertEvent Failing(RunInfo run, FailureStreak streak)
    {
        var data = AlertData.Run(run);
        data["consecutive_failures"] = streak.Failures;
        data["failing_since"] = AlertData.Time(streak.Since);
        data["error_type"] = run.ErrorType;
        data["error_message"] = AlertText.Message(run.ErrorMessage);
        return Event(AlertKinds.SourceFailing, run, AlertKinds.Critical, data, AlertText.Invariant(
            $"Source {run.Source} has failed {streak.Failures} runs in a row since {streak.Since:yyyy-MM-dd HH:mm:ss} UTC (last: {run.ErrorType ?? "unknown error"})."));
    }

    private static AlertEvent Recovered(RunInfo run, FailureStreak ended, AlertOptions options)
    {
        // What this resolves: every run.failed of the streak, and its source.failing if it got that far.
        List<string> resolves = ended.Failures >= Math.Max(1, options.ConsecutiveFailures)
            ? [AlertKinds.RunFailed, AlertKinds.SourceFailing]
            : [AlertKinds.RunFailed];
        var data = AlertData.Run(run);
        data["resolves"] = AlertData.Strings(resolves);
        data["failed_runs"] = ended.Failures;
        data["failing_since"] = AlertData.Time(ended.Since);
        data["last_failed_run_id"] = ended.LatestRunId.ToString("D");
        data["last_error_type"] = ended.LatestErrorType;
        return Event(AlertKinds.SourceRecovered, run, AlertKinds.Info, data, AlertText.Invariant(
            $"Source {run.Source} recovered: run {AlertText.Short(run.RunId)} succeeded after {ended.Failures} failed {(ended.Failures == 1 ? "run" : "runs")}."));
    }

    private static AlertEvent Cancelled(RunInfo run) =>
        Event(AlertKinds.RunCancelled, run, AlertKinds.Info, AlertData.Run(run), AlertText.Invariant(
            $"Run {AlertText.Short(run.RunId)} of source {run.Source} was cancelled after {run.RecordsRead} records ({run.RecordsWritten} written)."));

    internal static AlertEvent Event(string kind, RunInfo run, string severity, JsonObject data, string summary, string? idPart = null) =>
        new(AlertIds.ForRun(kind, run.RunId, idPart), kind, run.Source, run.CompletedAt ?? run.StartedAt, severity, summary, run.RunId, AlertData.Text(data));
}

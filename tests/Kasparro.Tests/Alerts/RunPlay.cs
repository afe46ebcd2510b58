using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Sources;
using Kasparro.Tests.Runs;

namespace Kasparro.Tests.Alerts;

/// <summary>Runs of each outcome, a minute apart, and a source grain's way of raising their alerts, for the run alert tests.</summary>
internal static class RunPlay
{
    public static readonly AlertOptions Three = new() { ConsecutiveFailures = 3 };

    public static RunInfo Failed(int minute = 0, string error = "TimeoutException") =>
        RunSamples.Run(10, status: RunStatus.Failed, startedAt: RunSamples.T0.AddMinutes(minute)) with { ErrorType = error, ErrorMessage = "timed out after 3 attempts" };

    public static RunInfo Succeeded(int minute = 0) => RunSamples.Run(10, startedAt: RunSamples.T0.AddMinutes(minute));

    public static RunInfo Cancelled(int minute = 0) =>
        RunSamples.Run(10, status: RunStatus.Cancelled, startedAt: RunSamples.T0.AddMinutes(minute)) with { ErrorType = RunTracker.CancelledErrorType };

    public static RunInfo Interrupted(int minute = 0) => Failed(minute, RunLogReconciliation.InterruptedErrorType);

    public static List<AlertEvent> Play(AlertOptions options, params RunInfo[] runs) => Play(options, new SourceState(), 50, runs);

    /// <summary>
    /// Feeds <paramref name="runs"/> (oldest first) through the builder as a source grain does: the
    /// streak and history before each run from <paramref name="state"/>, then the run recorded in it
    /// (history bounded by <paramref name="historyLimit"/>). Returns every alert raised.
    /// </summary>
    public static List<AlertEvent> Play(AlertOptions options, SourceState state, int historyLimit, params RunInfo[] runs)
    {
        var raised = new List<AlertEvent>();
        foreach (var run in runs)
        {
            raised.AddRange(RunAlerts.For(run, state.CurrentFailureStreak(), state.History, options));
            state.RecordEnd(run, historyLimit);
        }

        return raised;
    }

    public static JsonElement Data(AlertEvent e) => JsonDocument.Parse(e.Data).RootElement;
}

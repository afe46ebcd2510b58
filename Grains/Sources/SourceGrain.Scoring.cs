using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>A finished run is scored against its source's history before it is stored and logged.</content>
public sealed partial class SourceGrain
{
    /// <summary>Scoring is a few rows of the run log; a run never waits longer than this for it.</summary>
    private static readonly TimeSpan ScoringTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The run with its health anomaly (too many rejections) and the anomalies the run comparer finds
    /// against the source's recent successful runs. Scoring is advisory: when it fails the run keeps
    /// only its health anomaly.
    /// </summary>
    private async Task<RunInfo> WithAnomaliesAsync(RunInfo finished)
    {
        IReadOnlyList<RunAnomaly> health = [];
        IReadOnlyList<RunAnomaly> scored = [];
        try
        {
            // Run health needs no history: judged here, kept even when scoring fails.
            health = Runs.RunHealthRules.HighRejectionRate(finished, RunDefinition.MaxRejectionRate) is { } unhealthy ? [unhealthy] : [];

            // A run cut short by a shutdown is resumed, not judged against history; and a stopping
            // silo's deactivation budget is better spent storing the resume than on a grain call.
            if (finished.ErrorType != Runs.RunLogReconciliation.InterruptedErrorType)
            {
                scored = await GrainFactory.GetGrain<IRunComparerGrain>(0).ScoreRun(finished).WaitAsync(ScoringTimeout);
            }
        }
        catch (Exception ex)
        {
            // Nothing here may keep the run from finishing (the source would stay "running").
            logger.ScoringFailed(ex, finished.Source, finished.RunId);
        }

        var anomalies = health.Concat(scored).ToArray();
        if (anomalies.Length > 0)
        {
            logger.RunUnusual(finished.Source, finished.RunId, string.Join("; ", anomalies.Select(a => a.Message)));
        }

        return finished with { Anomalies = anomalies };
    }
}

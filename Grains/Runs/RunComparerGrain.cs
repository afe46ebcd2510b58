using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Runs;

/// <summary>
/// Compares runs and scores finished ones against their history. Holds no state, so it is a
/// stateless worker: activated locally on whichever silo calls it. The rules themselves live in
/// <see cref="RunComparisonRules"/> and <see cref="RunHistoryScorer"/>; this only fetches runs.
/// </summary>
[GrainType("run-comparer"), StatelessWorker]
public sealed class RunComparerGrain(IIngestionStore store, TimeProvider time) : Grain, IRunComparerGrain
{
    public async Task<RunComparison> Compare(Guid runId1, Guid runId2)
    {
        var run1 = await FindAsync(runId1);
        var run2 = runId2 == runId1 ? run1 : await FindAsync(runId2);
        if (!string.Equals(run1.Source, run2.Source, StringComparison.Ordinal))
        {
            throw new RunSourceMismatchException(run1.RunId, run1.Source, run2.RunId, run2.Source);
        }

        return RunComparisonRules.Compare(run1, run2, time.GetUtcNow().UtcDateTime);
    }

    public async Task<IReadOnlyList<RunAnomaly>> ScoreRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        // A cancelled run stopped wherever the operator stopped it: its figures say nothing about the
        // source, so it is neither scored nor (see RunHistoryScorer) part of any baseline.
        if (run.CompletedAt is null || run.Status == RunStatus.Cancelled)
        {
            return [];
        }

        // One more than the window: the run itself may already be in the log as a success.
        var history = await store.GetRecentRunsAsync(run.Source, RunStatus.Success, RunHistoryScorer.Window + 1, CancellationToken.None);
        return RunHistoryScorer.Score(run, history);
    }

    private async Task<RunInfo> FindAsync(Guid runId) =>
        await store.GetRunAsync(runId, CancellationToken.None) ?? throw new RunNotFoundException(runId);
}

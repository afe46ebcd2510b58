using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>
/// Compares runs and scores them against their source's history. A stateless worker: call it with
/// any key (by convention 0); every silo serves it locally.
/// </summary>
[Alias("kasparro.IRunComparerGrain")]
public interface IRunComparerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Run 2 measured against run 1, both from the run log. Throws <see cref="RunNotFoundException"/>
    /// for an unknown id and <see cref="RunSourceMismatchException"/> when the runs are of different sources.
    /// </summary>
    [Alias("Compare")]
    Task<RunComparison> Compare(Guid runId1, Guid runId2);

    /// <summary>
    /// The anomalies of a finished run against its source's recent successful runs in the run log
    /// (none while fewer than five such runs exist). Nothing is stored: the source grain stores them on the run.
    /// </summary>
    [Alias("ScoreRun")]
    Task<IReadOnlyList<RunAnomaly>> ScoreRun(RunInfo run);
}

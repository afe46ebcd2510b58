using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Reads the run log for the gateway, with live progress of runs still going. Key 0.</summary>
[Alias("kasparro.IRunQueryGrain")]
public interface IRunQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Runs newest first (start time, then run id); the total comes from the run aggregates.</summary>
    [Alias("GetRuns")]
    Task<Page<RunInfo>> GetRuns(RunFilter filter, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>One run; while it runs, as its source grain sees it now. Null when unknown.</summary>
    [Alias("GetRun")]
    Task<RunInfo?> GetRun(Guid runId, CancellationToken cancellationToken = default);
}

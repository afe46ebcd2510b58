using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Reads the drift log for the gateway: every report, newest first.</summary>
[Alias("kasparro.IDriftQueryGrain")]
public interface IDriftQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of drift reports, optionally of one source and only those that did (or did not) detect drift.</summary>
    [Alias("GetReports")]
    Task<Page<DriftReport>> GetReports(string? source, bool? driftDetected, PageRequest page, CancellationToken cancellationToken = default);
}

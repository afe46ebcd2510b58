using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>The drift log, paged. Not cached: reports arrive once per batch and are read rarely.</summary>
[GrainType("drift-query"), StatelessWorker]
public sealed class DriftQueryGrain(IDriftStore store) : Grain, IDriftQueryGrain
{
    public async Task<Page<DriftReport>> GetReports(string? source, bool? driftDetected, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var offset = (int)Math.Min(page.Offset, int.MaxValue);
        var found = await store.QueryAsync(new DriftLogQuery(source, driftDetected, page.Size, offset), CancellationToken.None);
        return new Page<DriftReport>(found.Reports, found.Total, page);
    }
}

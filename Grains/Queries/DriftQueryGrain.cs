using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// The drift log, paged. Not cached: reports arrive once per batch and are read rarely. Stateless
/// and reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("drift-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class DriftQueryGrain(IDriftStore store, Control.SourceDirectory sources) : Grain, IDriftQueryGrain
{
    public async Task<Page<DriftReport>> GetReports(string? source, bool? driftDetected, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await sources.RequireFilterAsync(source);
        var offset = (int)Math.Min(page.Offset, int.MaxValue);
        var found = await store.QueryAsync(new DriftLogQuery(source, driftDetected, page.Size, offset), cancellationToken);
        return new Page<DriftReport>(found.Reports, found.Total, page);
    }
}

using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// A source's audit trail, paged from the store. Whether the source exists is asked only when it
/// has no events at all: a trail is worth showing for a source since deleted, and most sources have
/// one. Not cached: the trail is read rarely and must show a change at once. Stateless and
/// reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("source-event-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class SourceEventQueryGrain(ISourceEventStore store) : Grain, ISourceEventQueryGrain
{
    public async Task<Page<SourceEvent>> GetEvents(string source, string? kind, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(page);
        var found = await store.PageAsync(source, kind, page, cancellationToken);
        if (found.TotalItems > 0)
        {
            return found;
        }

        var sources = await GrainFactory.GetGrain<ISourceCatalogGrain>(0).GetSources();
        if (sources.Any(s => string.Equals(s.Id, source, StringComparison.Ordinal)))
        {
            return found;
        }

        // None of this kind; a source with events of other kinds exists (or existed) all the same.
        if (kind is not null && (await store.PageAsync(source, null, new PageRequest(1, 1), cancellationToken)).TotalItems > 0)
        {
            return found;
        }

        throw new UnknownSourceException(source, sources.Select(s => s.Id));
    }
}

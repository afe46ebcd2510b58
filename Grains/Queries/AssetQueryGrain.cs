using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Assets and quote history from the store, through the silo's query cache. Stateless: every silo
/// serves it locally, one reentrant activation per silo so a caller's cancellation reaches the
/// call it belongs to (see <see cref="QueryGrains"/>). An unconfigured source is refused.
/// </summary>
[GrainType("asset-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class AssetQueryGrain(IQueryStore store, QueryCache cache, SourceCatalog sources) : Grain, IAssetQueryGrain
{
    public Task<Page<AssetQuote>> GetAssets(AssetFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        sources.RequireFilter(filter.Source);
        return cache.GetOrAddAsync((filter, page), () => store.QueryAssetsAsync(filter, page, cancellationToken));
    }

    public Task<Page<AssetQuote>?> GetHistory(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        sources.Require(query.Source);
        return cache.GetOrAddAsync((query, page), () => store.QueryQuoteHistoryAsync(query, page, cancellationToken));
    }
}

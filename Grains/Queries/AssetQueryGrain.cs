using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Assets and quote history from the store, through the silo's query cache. Stateless: every silo
/// serves it locally, one reentrant activation per silo so a caller's cancellation reaches the
/// call it belongs to (see <see cref="QueryGrains"/>). An unconfigured source is refused.
/// </summary>
[GrainType("asset-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class AssetQueryGrain(IQueryStore store, QueryCache cache, Control.SourceDirectory sources) : Grain, IAssetQueryGrain
{
    public async Task<Page<AssetQuote>> GetAssets(AssetFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await sources.RequireFilterAsync(filter.Source);
        return await cache.GetOrAddAsync((filter, page), () => store.QueryAssetsAsync(filter, page, cancellationToken));
    }

    public Task<Page<AssetQuote>> GetAssetsAfter(AssetFilter filter, AssetKey after, int size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        return GetAssets(filter, new PageRequest(1, size) { AfterAsset = after }, cancellationToken);
    }

    public async Task<Page<AssetQuote>?> GetHistory(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await sources.RequireAsync(query.Source);
        return await cache.GetOrAddAsync((query, page), () => store.QueryQuoteHistoryAsync(query, page, cancellationToken));
    }
}

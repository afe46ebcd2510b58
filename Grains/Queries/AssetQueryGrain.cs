using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>Assets and quote history from the store, through the silo's query cache. Stateless: every silo serves it locally.</summary>
[GrainType("asset-query"), StatelessWorker]
public sealed class AssetQueryGrain(IQueryStore store, QueryCache cache) : Grain, IAssetQueryGrain
{
    public Task<Page<AssetQuote>> GetAssets(AssetFilter filter, PageRequest page) =>
        cache.GetOrAddAsync((filter, page), () => store.QueryAssetsAsync(filter, page, CancellationToken.None));

    public Task<Page<AssetQuote>?> GetHistory(QuoteHistoryQuery query, PageRequest page) =>
        cache.GetOrAddAsync((query, page), () => store.QueryQuoteHistoryAsync(query, page, CancellationToken.None));
}

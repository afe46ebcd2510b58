using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>Assets and quote history from the store. Stateless: every silo serves it locally.</summary>
[GrainType("asset-query"), StatelessWorker]
public sealed class AssetQueryGrain(IQueryStore store) : Grain, IAssetQueryGrain
{
    public Task<Page<AssetQuote>> GetAssets(AssetFilter filter, PageRequest page) =>
        store.QueryAssetsAsync(filter, page, CancellationToken.None);

    public Task<Page<AssetQuote>?> GetHistory(QuoteHistoryQuery query, PageRequest page) =>
        store.QueryQuoteHistoryAsync(query, page, CancellationToken.None);
}

using Kasparro.Grains.Interfaces.Assets;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Reads stored assets for the gateway. A stateless worker: call it with key 0.</summary>
[Alias("kasparro.IAssetQueryGrain")]
public interface IAssetQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Latest quotes by market cap, largest first (no cap last), then by source and external id.</summary>
    [Alias("GetAssets")]
    Task<Page<AssetQuote>> GetAssets(AssetFilter filter, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same list by key (a cursor): the <paramref name="size"/> latest quotes strictly after <paramref name="after"/>
    /// in its order. A method of its own rather than only a field of <see cref="PageRequest"/>: a silo that predates
    /// cursors (a rolling upgrade) refuses the call instead of ignoring the key and answering the first page.
    /// </summary>
    [Alias("GetAssetsAfter")]
    Task<Page<AssetQuote>> GetAssetsAfter(AssetFilter filter, AssetKey after, int size, CancellationToken cancellationToken = default);

    /// <summary>The asset's quotes, newest first; null when the source holds no such asset.</summary>
    [Alias("GetHistory")]
    Task<Page<AssetQuote>?> GetHistory(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken = default);
}

using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Storage;

/// <summary>The asset list's order as a comparison with a key: what ListSql.Keyset states in SQL, in memory.</summary>
internal static class AssetKeys
{
    /// <summary>
    /// Whether <paramref name="quote"/> comes strictly after <paramref name="key"/>: market cap largest first,
    /// none last, then source (unless <paramref name="bySource"/>: a list of one source) and external id, ordinally.
    /// </summary>
    public static bool IsAfter(AssetQuote quote, AssetKey key, bool bySource)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(key);
        if (key.MarketCap is not { } cap)
        {
            return quote.MarketCap is null && CompareRest(quote, key, bySource) > 0;
        }

        return quote.MarketCap switch
        {
            null => true,
            { } c when c != cap => c < cap,
            _ => CompareRest(quote, key, bySource) > 0,
        };
    }

    private static int CompareRest(AssetQuote quote, AssetKey key, bool bySource)
    {
        var source = bySource ? 0 : string.CompareOrdinal(quote.Source, key.Source);
        return source != 0 ? source : string.CompareOrdinal(quote.ExternalId, key.ExternalId);
    }
}

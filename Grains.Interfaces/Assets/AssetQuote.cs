namespace Kasparro.Grains.Interfaces.Assets;

/// <summary>
/// The unified quote every market source is normalized into. Money is decimal, never floating
/// point; a missing figure is null (a real zero stays zero). Times are UTC.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AssetQuote")]
public sealed record AssetQuote(
    [property: Id(0)] string Source,
    [property: Id(1)] string ExternalId,
    [property: Id(2)] string Symbol,
    [property: Id(3)] string Name,
    [property: Id(4)] decimal? CurrentPrice,
    [property: Id(5)] decimal? MarketCap,
    [property: Id(6)] decimal? Volume24h,
    [property: Id(7)] decimal? PriceChange24h,
    [property: Id(8)] DateTime LastUpdated,
    [property: Id(9)] Guid RunId);

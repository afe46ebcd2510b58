namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>
/// Where one asset sits in the order of the asset list (market cap largest first, none last, then
/// source and external id in ordinal order): the key a cursor carries. A key names a position, not a
/// row: the row may since have gone, and the list goes on after where it was.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AssetKey")]
public sealed record AssetKey(
    [property: Id(0)] decimal? MarketCap,
    [property: Id(1)] string Source,
    [property: Id(2)] string ExternalId);

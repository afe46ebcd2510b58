namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>
/// Which latest quotes to list. Every given condition must hold; a price bound is inclusive and
/// leaves out assets without a price. <see cref="Symbol"/> is compared upper-cased, as symbols are stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AssetFilter")]
public sealed record AssetFilter(
    [property: Id(0)] string? Source,
    [property: Id(1)] string? Symbol,
    [property: Id(2)] decimal? MinPrice,
    [property: Id(3)] decimal? MaxPrice);

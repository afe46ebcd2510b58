namespace Kasparro.Grains.Normalization;

/// <summary>
/// Logical field names of a market quote; also the default CSV columns (those of the reference
/// implementation's file). A source's column map renames them.
/// </summary>
public static class QuoteFields
{
    public const string Id = "id";
    public const string Symbol = "symbol";
    public const string Name = "name";
    public const string Price = "price";
    public const string MarketCap = "market_cap";
    public const string Volume24h = "volume_24h";
    public const string PriceChange24h = "price_change_24h";
    public const string Timestamp = "timestamp";

    public static IReadOnlyList<string> All { get; } = [Id, Symbol, Name, Price, MarketCap, Volume24h, PriceChange24h, Timestamp];
}

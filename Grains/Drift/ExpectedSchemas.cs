using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Drift;

/// <summary>
/// The schema each connector kind declares for its raw records. Market quotes are named through
/// the source's column map (<c>Columns:price = current_price</c> expects <c>current_price</c>), so a
/// CSV source and CoinGecko share the quote fields under their own names.
/// </summary>
public static class ExpectedSchemas
{
    public const string CsvQuotes = "csv-market-quote";
    public const string CoinGeckoMarkets = "coingecko-markets";
    public const string RssItems = "rss-news-item";

    /// <summary>Share of records in which an optional quote figure may be missing before it counts as a jump.</summary>
    public const double OptionalFigureNullRate = 0.2;

    /// <summary>Fields of <c>/coins/markets</c> that the connector receives and nobody reads: known, not new.</summary>
    public static IReadOnlyList<string> CoinGeckoUnused { get; } =
    [
        "image", "market_cap_rank", "fully_diluted_valuation", "high_24h", "low_24h", "price_change_24h",
        "market_cap_change_24h", "market_cap_change_percentage_24h", "circulating_supply", "total_supply", "max_supply",
        "ath", "ath_change_percentage", "ath_date", "atl", "atl_change_percentage", "atl_date", "roi",
    ];

    public static ExpectedSchema For(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            SourceKind.Csv => Quotes(CsvQuotes, json: false, new ColumnMap(source.Columns), []),
            SourceKind.CoinGecko => Quotes(CoinGeckoMarkets, json: true, new ColumnMap(source.Columns), CoinGeckoUnused),
            SourceKind.Rss => News(),
            _ => throw new NotSupportedException($"No expected schema is declared for {source.Kind} sources."),
        };
    }

    /// <summary>
    /// A market quote: id, symbol, name, price and timestamp are key fields (the validator requires
    /// them); the other figures may be missing in some records.
    /// </summary>
    public static ExpectedSchema Quotes(string name, bool json, ColumnMap columns, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(columns);
        (string Logical, FieldType Type, bool Key)[] fields =
        [
            (QuoteFields.Id, FieldType.String, true),
            (QuoteFields.Symbol, FieldType.String, true),
            (QuoteFields.Name, FieldType.String, true),
            (QuoteFields.Price, FieldType.Number, true),
            (QuoteFields.MarketCap, FieldType.Number, false),
            (QuoteFields.Volume24h, FieldType.Number, false),
            (QuoteFields.PriceChange24h, FieldType.Number, false),
            (QuoteFields.Timestamp, FieldType.Timestamp, true),
        ];

        // Two logical fields mapped to one column are one expected field (a key field if either is).
        var expected = fields
            .Select(f => new ExpectedField(columns.SourceName(f.Logical), f.Type, f.Key, f.Key ? 0 : OptionalFigureNullRate))
            .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First() with { Key = g.Any(f => f.Key), NullRate = g.Min(f => f.NullRate) })
            .ToList();
        var knownLeft = known.Where(k => !expected.Any(f => f.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        return new ExpectedSchema(name, json, expected, knownLeft);
    }

    /// <summary>A feed item as the RSS connector gives it: key and title are required, the rest may be empty.</summary>
    public static ExpectedSchema News() => new(RssItems, false,
    [
        new ExpectedField("key", FieldType.String, true),
        new ExpectedField("title", FieldType.String, true),
        new ExpectedField("link", FieldType.String, false, 0.2),
        new ExpectedField("published", FieldType.Timestamp, false, 0.2),
        new ExpectedField("summary", FieldType.String, false, 1),
        new ExpectedField("authors", FieldType.String, false, 1),
        new ExpectedField("categories", FieldType.String, false, 1),
    ], []);
}

using System.Globalization;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Drift;

/// <summary>Samples and schemas the drift tests share: market rows as a CSV source and as CoinGecko sends them.</summary>
internal static class DriftSamplesFor
{
    public static readonly DateTime At = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static ExpectedSchema CsvSchema(IReadOnlyDictionary<string, string>? columns = null) =>
        ExpectedSchemas.Quotes(ExpectedSchemas.CsvQuotes, json: false, new ColumnMap(columns), []);

    public static ExpectedSchema CoinGeckoSchema() =>
        ExpectedSchemas.Quotes(ExpectedSchemas.CoinGeckoMarkets, json: true, new ColumnMap(Kasparro.Grains.Connectors.CoinGecko.CoinGeckoSettings.Columns), ExpectedSchemas.CoinGeckoUnused);

    /// <summary>A good CSV row i under the default column names.</summary>
    public static Dictionary<string, string?> CsvRow(int i) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = $"coin-{i}",
        ["symbol"] = $"c{i}",
        ["name"] = $"Coin {i}",
        ["price"] = (1.5m + i).ToString(CultureInfo.InvariantCulture),
        ["market_cap"] = (1000 * (i + 1)).ToString(CultureInfo.InvariantCulture),
        ["volume_24h"] = (10 * i).ToString(CultureInfo.InvariantCulture),
        ["price_change_24h"] = (i - 5).ToString(CultureInfo.InvariantCulture),
        ["timestamp"] = At.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    };

    /// <summary>Ten rows, each changed by <paramref name="change"/> (which gets the row number).</summary>
    public static IReadOnlyList<DriftSample> Csv(Action<int, Dictionary<string, string?>>? change = null, int count = 10) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var row = CsvRow(i);
            change?.Invoke(i, row);
            return DriftSample.FromText(row);
        }).ToList();

    /// <summary>A coin of the /coins/markets payload, in its real shape (every field the API sends).</summary>
    public static string Coin(int i, string? currentPrice = null, string? symbol = null, string? lastUpdated = null, string? extra = null) => $$"""
        {"id":"coin-{{i}}","symbol":{{symbol ?? $"\"c{i}\""}},"name":"Coin {{i}}","image":"https://example.test/{{i}}.png",
         "current_price":{{currentPrice ?? (1.5 + i).ToString(CultureInfo.InvariantCulture)}},"market_cap":{{1000 * (i + 1)}},"market_cap_rank":{{i + 1}},
         "fully_diluted_valuation":null,"total_volume":{{10 * i}},"high_24h":2.5,"low_24h":1.0,"price_change_24h":-0.1,
         "price_change_percentage_24h":-1.25,"market_cap_change_24h":-12.0,"market_cap_change_percentage_24h":-0.5,
         "circulating_supply":1000.0,"total_supply":2000.0,"max_supply":null,"ath":10.0,"ath_change_percentage":-80.0,
         "ath_date":"2021-11-10T14:24:11.849Z","atl":0.1,"atl_change_percentage":900.0,"atl_date":"2015-10-20T00:00:00.000Z",
         "roi":null,"last_updated":{{lastUpdated ?? "\"2024-06-01T11:59:30.123Z\""}}{{extra}}}
        """;

    public static IReadOnlyList<DriftSample> CoinGecko(Func<int, string>? coin = null, int count = 10) =>
        Enumerable.Range(0, count).Select(i => DriftSample.FromJson((coin ?? (n => Coin(n)))(i))).ToList();

    public static DriftReport Analyze(ExpectedSchema schema, IReadOnlyList<DriftSample> samples) =>
        SchemaDriftAnalyzer.Analyze(schema, samples, "test", Guid.NewGuid(), At);
}

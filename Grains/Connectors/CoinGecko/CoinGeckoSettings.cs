using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors.CoinGecko;

/// <summary>
/// CoinGecko settings of a source (<c>Kasparro:Sources:{id}:*</c>, bound by <see cref="CoinGeckoOptions"/>): pages and page size, the quote
/// currency, and an optional API key sent in the header CoinGecko expects for its plan.
/// </summary>
public sealed record CoinGeckoSettings(int Pages, int PerPage, string VsCurrency, string? ApiKey, bool ProPlan)
{
    public const string DemoKeyHeader = "x-cg-demo-api-key";
    public const string ProKeyHeader = "x-cg-pro-api-key";
    public const string ProBaseUrl = "https://pro-api.coingecko.com/api/v3";

    /// <summary>Columns of the markets response for the logical quote fields that differ by name.</summary>
    public static IReadOnlyDictionary<string, string> Columns { get; } = new Dictionary<string, string>
    {
        ["price"] = "current_price",
        ["volume_24h"] = "total_volume",
        ["price_change_24h"] = "price_change_percentage_24h",
        ["timestamp"] = "last_updated",
    };

    public static CoinGeckoSettings Default { get; } = new(1, 250, "usd", null, false);

    /// <summary>The source's settings, bound and validated at start with the other source keys.</summary>
    public static CoinGeckoSettings From(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.CoinGecko;
    }
}

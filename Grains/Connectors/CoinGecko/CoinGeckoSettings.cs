using System.Globalization;
using Kasparro.Grains.Hosting;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors.CoinGecko;

/// <summary>
/// CoinGecko settings of a source (<c>Kasparro:Sources:{id}:*</c>): pages and page size, the quote
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

    public static CoinGeckoSettings From(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var s = source.Settings;
        var key = $"{SourceCatalog.Section}:{source.Id}";
        var plan = s.GetValueOrDefault("ApiPlan") ?? "Demo";
        if (!plan.Equals("Demo", StringComparison.OrdinalIgnoreCase) && !plan.Equals("Pro", StringComparison.OrdinalIgnoreCase))
        {
            throw new KasparroConfigurationException($"{key}:ApiPlan is '{plan}': expected Demo or Pro.");
        }

        return new CoinGeckoSettings(
            Whole(s, "Pages", 1, 1, 1000, key),
            Whole(s, "PerPage", 250, 1, 250, key),
            s.GetValueOrDefault("VsCurrency") ?? "usd",
            s.GetValueOrDefault("ApiKey") is { Length: > 0 } apiKey ? apiKey : null,
            plan.Equals("Pro", StringComparison.OrdinalIgnoreCase));
    }

    private static int Whole(IReadOnlyDictionary<string, string> s, string name, int fallback, int min, int max, string key)
    {
        if (!s.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new KasparroConfigurationException($"{key}:{name} is '{text}': expected a whole number from {min} to {max}.");
    }
}

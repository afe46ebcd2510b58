using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The sources every deployment knows without configuration. Configuration overrides any field
/// of them (e.g. <c>Kasparro:Sources:csv:Url</c>) or switches them off (<c>Enabled=false</c>).
/// </summary>
public static class DefaultSources
{
    public static IReadOnlyDictionary<string, SourceDefinition> All { get; } = new Dictionary<string, SourceDefinition>
    {
        // Live by default; without network their runs fail with the reason and the service goes on.
        ["coingecko"] = Make("coingecko", SourceKind.CoinGecko, "https://api.coingecko.com/api/v3", enabled: true) with { BatchSize = 250 },
        ["csv"] = Make("csv", SourceKind.Csv, "demo/crypto_data.csv", enabled: true) with { BatchSize = 50_000 },
        ["rss"] = Make("rss", SourceKind.Rss, "https://www.coindesk.com/arc/outboundfeeds/rss/", enabled: true),
    };

    private static SourceDefinition Make(string id, SourceKind kind, string url, bool enabled) =>
        new(id, kind, url, TimeSpan.FromMinutes(5), enabled, 1000, new Dictionary<string, string>(), FailureInjectionSettings.Off);
}

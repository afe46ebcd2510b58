using Kasparro.Grains.Connectors.Csv;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Grains.Connectors;

/// <summary>The connectors this build has, one per <see cref="SourceKind"/> it can ingest.</summary>
public static class ConnectorRegistration
{
    public static IReadOnlySet<SourceKind> SupportedKinds { get; } = new HashSet<SourceKind> { SourceKind.Csv, SourceKind.CoinGecko, SourceKind.Rss };

    /// <summary>Default column names of a kind, for the logical quote fields that the source names differently.</summary>
    public static IReadOnlyDictionary<string, string> DefaultColumns(SourceKind kind) => kind switch
    {
        SourceKind.CoinGecko => CoinGecko.CoinGeckoSettings.Columns,
        _ => new Dictionary<string, string>(),
    };

    public static IServiceCollection AddKasparroConnectors(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddSingleton<CsvDownloader>();
        services.AddSingleton<ISourceConnector, CsvConnector>();
        services.AddSingleton<ISourceConnector, CoinGecko.CoinGeckoConnector>();
        services.AddSingleton<ISourceConnector, Rss.RssConnector>();
        return services;
    }
}

using Kasparro.Grains.Connectors.Csv;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Grains.Connectors;

/// <summary>The connectors this build has, one per <see cref="SourceKind"/> it can ingest.</summary>
public static class ConnectorRegistration
{
    public static IReadOnlySet<SourceKind> SupportedKinds { get; } = new HashSet<SourceKind> { SourceKind.Csv };

    public static IServiceCollection AddKasparroConnectors(this IServiceCollection services)
    {
        services.AddHttpClient(CsvDownloader.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<CsvDownloader>();
        services.AddSingleton<ISourceConnector, CsvConnector>();
        return services;
    }
}

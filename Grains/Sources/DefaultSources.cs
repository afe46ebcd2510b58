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
        ["csv"] = Make("csv", SourceKind.Csv, "demo/crypto_data.csv", enabled: true) with { BatchSize = CsvBatchSize },
        ["rss"] = Make("rss", SourceKind.Rss, "https://www.coindesk.com/arc/outboundfeeds/rss/", enabled: true),
    };

    /// <summary>
    /// The batch size of every CSV source that does not set one, whatever its name. A CSV file is
    /// read from disk as fast as the database can take it: large batches spread each transaction's
    /// fixed cost (staging table, upsert, commit, checkpoint) over many rows (1,000 rows a batch ran
    /// 4.5 times slower than 50,000), while the connector still reads in chunks of at most 2,000.
    /// </summary>
    public const int CsvBatchSize = 50_000;

    /// <summary>The batch size of a source of <paramref name="kind"/> that sets none and has no built-in entry.</summary>
    public static int BatchSize(SourceKind kind) => kind == SourceKind.Csv ? CsvBatchSize : 1000;

    private static SourceDefinition Make(string id, SourceKind kind, string url, bool enabled) =>
        new(id, kind, url, TimeSpan.FromMinutes(5), enabled, 1000, new Dictionary<string, string>(), FailureInjectionSettings.Off);
}

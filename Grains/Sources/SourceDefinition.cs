using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <summary>
/// One configured source, validated. Sources are data: a second CSV file or another feed is one
/// more <c>Kasparro:Sources:{id}</c> entry, not a new class.
/// </summary>
public sealed record SourceDefinition(
    string Id,
    SourceKind Kind,
    string Url,
    TimeSpan Interval,
    bool Enabled,
    int BatchSize,
    IReadOnlyDictionary<string, string> Columns,
    FailureInjectionSettings FailureInjection)
{
    /// <summary>Kind-specific settings as configured (e.g. <c>Pages</c>), for the connector to read.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Rate limit, retries, circuit breaker and timeouts for a source read over http(s).</summary>
    public Resilience.ResilienceSettings Resilience { get; init; } = Kasparro.Grains.Resilience.ResilienceSettings.Default;

    /// <summary>Text encoding of a file source (<c>Encoding</c>; default UTF-8, see <see cref="SourceEncodings"/>).</summary>
    public System.Text.Encoding Encoding { get; init; } = SourceEncodings.Default;

    /// <summary>Drift policy, sample size, schema learning and report history (<c>DriftPolicy</c>, <c>Drift:*</c>).</summary>
    public Drift.DriftSettings Drift { get; init; } = Kasparro.Grains.Drift.DriftSettings.Default;

    /// <summary>
    /// The share of the records read (0 to 1) a run may reject before it carries a
    /// <c>high_rejection_rate</c> anomaly and the source shows as degraded (<c>MaxRejectionRate</c>).
    /// </summary>
    public double MaxRejectionRate { get; init; } = Runs.RunHealthRules.DefaultMaxRejectionRate;

    /// <summary>Pages, page size, quote currency and API key of a CoinGecko source (see <see cref="CoinGeckoOptions"/>).</summary>
    public Connectors.CoinGecko.CoinGeckoSettings CoinGecko { get; init; } = Kasparro.Grains.Connectors.CoinGecko.CoinGeckoSettings.Default;
}

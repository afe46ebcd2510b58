using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>
/// One <c>Kasparro:Sources:{id}</c> entry as configured. Every field is optional: an unset one keeps
/// the built-in default of that source (<see cref="DefaultSources"/>) or the general default;
/// <see cref="SourceCatalog"/> merges them into a <see cref="SourceDefinition"/>. The CoinGecko keys
/// come from <see cref="CoinGeckoOptions"/>.
/// </summary>
public sealed class SourceOptions : CoinGeckoOptions
{
    /// <summary><c>Csv</c>, <c>CoinGecko</c> or <c>Rss</c> (required for a source that is not built in).</summary>
    public string? Kind { get; set; }

    /// <summary>An http(s) URL, a file:// URL or a file path.</summary>
    public string? Url { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "10675199.02:48:05")]
    public TimeSpan? Interval { get; set; }

    public bool? Enabled { get; set; }

    [Range(1, 1_000_000)]
    public int? BatchSize { get; set; }

    /// <summary>Logical field name to the source's column name (CSV, JSON); over the kind's defaults.</summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [ValidateObjectMembers]
    public FailureInjectionOptions FailureInjection { get; set; } = new();

    [ValidateObjectMembers]
    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary><c>evolve</c>, <c>warn</c> or <c>freeze</c>, in any case.</summary>
    public string? DriftPolicy { get; set; }

    [ValidateObjectMembers]
    public DriftOptions Drift { get; set; } = new();

    /// <summary>Text encoding of a file source (see <see cref="SourceEncodings"/>).</summary>
    public string? Encoding { get; set; }

    /// <summary>The share of the records read (0 to 1) a run may reject before it is flagged.</summary>
    [Range(0.0, 1.0)]
    public double? MaxRejectionRate { get; set; }
}

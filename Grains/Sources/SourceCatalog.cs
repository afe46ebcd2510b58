using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The configured sources: <c>Kasparro:Sources</c> bound into <see cref="KasparroSourcesOptions"/>,
/// validated by <see cref="SourceRules"/> (every error names its key) and merged over the built-in
/// defaults (<c>coingecko</c>, <c>csv</c>, <c>rss</c>). Read once at start: the silo refuses to start on a
/// bad entry, and hands the declarations to the source registry (see <see cref="SourceScheduler"/>).
/// </summary>
public sealed class SourceCatalog
{
    public const string Section = "Kasparro:Sources";
    public const string FailureInjectionSection = "Kasparro:FailureInjection";
    public const string MaxRejectionRateKey = "MaxRejectionRate";

    // Keys with a meaning of their own; any other scalar key is passed to the connector (e.g. Pages).
    internal static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kind", "Url", "Interval", "Enabled", "BatchSize", "Columns", "FailureInjection", "Resilience",
        MaxRejectionRateKey, Drift.DriftSettings.PolicyKey, "Drift", SourceEncodings.Key,
    };

    private readonly Dictionary<string, SourceDefinition> _sources;
    private readonly string[] _ids;

    public SourceCatalog(IEnumerable<SourceDefinition> sources, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? declared = null)
    {
        _sources = sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _ids = [.. _sources.Keys.Order(StringComparer.Ordinal)];
        Declared = declared ?? _sources.Keys.ToDictionary(id => id, _ => SourceSettings.Empty, StringComparer.Ordinal);
    }

    /// <summary>
    /// Each declared source's settings as configured (keys relative to its entry; empty for a built-in
    /// source left as it is), for the source registry, which owns the definitions at run time.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Declared { get; }

    public IReadOnlyCollection<SourceDefinition> All => _sources.Values;

    public SourceDefinition? Find(string id) => _sources.GetValueOrDefault(id);

    /// <summary>The configured ids, in ordinal order.</summary>
    public IReadOnlyList<string> ConfiguredIds => _ids;

    /// <summary>The source <paramref name="id"/>, or <see cref="UnknownSourceException"/> listing the configured ones.</summary>
    public SourceDefinition Require(string id) => Find(id) ?? throw new UnknownSourceException(id, ConfiguredIds);

    /// <summary>Refuses a source filter (null for none) that names no configured source.</summary>
    public void RequireFilter(string? id)
    {
        if (id is not null)
        {
            _ = Require(id);
        }
    }

    /// <summary>Binds, validates and merges the sources; a bad entry throws <see cref="KasparroConfigurationException"/> naming its key.</summary>
    public static SourceCatalog Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = OptionsFailures.Read(() => Bind(configuration), new SourceRules());
        return From(options, configuration);
    }

    public static KasparroSourcesOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new KasparroSourcesOptions();
        configuration.GetSection(KasparroSourcesOptions.Section).Bind(options);
        return options;
    }

    /// <summary>The built-in ids first, then the configured ones in key order.</summary>
    public static IEnumerable<string> Ids(KasparroSourcesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DefaultSources.All.Keys
            .Concat(options.Sources.Keys.Order(StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>Merges validated options over the defaults; <paramref name="configuration"/> gives the connector-specific keys.</summary>
    public static SourceCatalog From(KasparroSourcesOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var global = options.FailureInjection.Over(FailureInjectionSettings.Off);
        var ids = Ids(options).ToArray();
        return new SourceCatalog(
            ids.Select(id => Merge(id, options.Sources.GetValueOrDefault(id) ?? new SourceOptions(), global, configuration.GetSection($"{Section}:{id}"))),
            ids.ToDictionary(id => id, id => SourceSettings.From(configuration.GetSection($"{Section}:{id}")), StringComparer.Ordinal));
    }

    /// <summary>One validated entry over its built-in default; <paramref name="section"/> gives the connector-specific keys.</summary>
    internal static SourceDefinition Merge(string id, SourceOptions o, FailureInjectionSettings global, IConfigurationSection section)
    {
        var fallback = DefaultSources.All.GetValueOrDefault(id);
        var kind = o.Kind is null ? fallback!.Kind : Enum.Parse<SourceKind>(o.Kind, ignoreCase: true);
        var columns = new Dictionary<string, string>(Connectors.ConnectorRegistration.DefaultColumns(kind), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, column) in o.Columns)
        {
            columns[name] = column;
        }

        var settings = section.GetChildren()
            .Where(c => c.Value is not null && !KnownKeys.Contains(c.Key))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        var drift = Drift.DriftSettings.Default;
        var policy = o.DriftPolicy is { } text && Drift.DriftSettings.TryParsePolicy(text, out var parsed) ? parsed : drift.Policy;
        return new SourceDefinition(
            id, kind, (o.Url ?? fallback!.Url).Trim(), o.Interval ?? fallback?.Interval ?? TimeSpan.FromMinutes(5),
            o.Enabled ?? fallback?.Enabled ?? true, o.BatchSize ?? fallback?.BatchSize ?? DefaultSources.BatchSize(kind), columns, o.FailureInjection.Over(global))
        {
            Settings = settings,
            Resilience = o.Resilience.Settings(),
            Drift = new Drift.DriftSettings(
                policy, o.Drift.SampleSize ?? drift.SampleSize, o.Drift.LearnFromRuns ?? drift.LearnFromRuns, o.Drift.HistoryLimit ?? drift.HistoryLimit),
            Encoding = SourceEncodings.Parse(o.Encoding, $"{section.Path}:{SourceEncodings.Key}"),
            MaxRejectionRate = o.MaxRejectionRate ?? Runs.RunHealthRules.DefaultMaxRejectionRate,
            CoinGecko = o.CoinGecko(),
        };
    }
}

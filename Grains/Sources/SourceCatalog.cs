using System.Globalization;
using Kasparro.Grains.Hosting;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The configured sources, read from <c>Kasparro:Sources</c> over built-in defaults (<c>coingecko</c>,
/// <c>csv</c>, <c>rss</c>) and validated at start; every error names its key.
/// </summary>
public sealed class SourceCatalog
{
    public const string Section = "Kasparro:Sources";
    public const string FailureInjectionSection = "Kasparro:FailureInjection";

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kind", "Url", "Interval", "Enabled", "BatchSize", "Columns", "FailureInjection", "Resilience",
        MaxRejectionRateKey,
        Drift.DriftSettings.PolicyKey, Drift.DriftSettings.Section, SourceEncodings.Key,
    };

    public const string MaxRejectionRateKey = "MaxRejectionRate";

    private readonly Dictionary<string, SourceDefinition> _sources;

    public SourceCatalog(IEnumerable<SourceDefinition> sources) =>
        _sources = sources.ToDictionary(s => s.Id, StringComparer.Ordinal);

    public IReadOnlyCollection<SourceDefinition> All => _sources.Values;

    public SourceDefinition? Find(string id) => _sources.GetValueOrDefault(id);

    public static SourceCatalog Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var global = FailureInjectionReader.Read(configuration.GetSection(FailureInjectionSection), FailureInjectionSettings.Off);
        var ids = DefaultSources.All.Keys
            .Concat(configuration.GetSection(Section).GetChildren().Select(c => c.Key))
            .Distinct(StringComparer.Ordinal);
        return new SourceCatalog(ids.Select(id => Read(configuration.GetSection($"{Section}:{id}"), id, global)));
    }

    private static SourceDefinition Read(IConfigurationSection section, string id, FailureInjectionSettings global)
    {
        if (!SourceIds.IsValid(id))
        {
            throw new KasparroConfigurationException(
                $"{Section}:{id} is not a valid source id: use 1 to 64 lower-case letters, digits, '-' or '_'.");
        }

        var fallback = DefaultSources.All.GetValueOrDefault(id);
        var key = $"{Section}:{id}";
        var kindText = section["Kind"];
        SourceKind kind;
        if (kindText is null && fallback is not null)
        {
            kind = fallback.Kind;
        }
        else if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || !Enum.IsDefined(kind))
        {
            throw new KasparroConfigurationException(
                $"{key}:Kind is '{kindText}': expected one of {string.Join(", ", Enum.GetNames<SourceKind>())}.");
        }

        var url = section["Url"] ?? fallback?.Url;
        if (string.IsNullOrWhiteSpace(url) || !SourceLocation.TryParse(url, out _))
        {
            throw new KasparroConfigurationException(
                $"{key}:Url is '{url}': expected an http(s) URL, a file:// URL or a file path.");
        }

        var interval = section["Interval"] is { } intervalText
            ? ParseInterval(intervalText, $"{key}:Interval")
            : fallback?.Interval ?? TimeSpan.FromMinutes(5);
        var enabled = KasparroSettings.Flag(section, "Enabled", fallback?.Enabled ?? true);
        var batchSize = section["BatchSize"] is { } batchText
            ? ParseBatchSize(batchText, $"{key}:BatchSize")
            : fallback?.BatchSize ?? 1000;

        var columns = new Dictionary<string, string>(Connectors.ConnectorRegistration.DefaultColumns(kind), StringComparer.OrdinalIgnoreCase);
        foreach (var column in section.GetSection("Columns").GetChildren())
        {
            columns[column.Key] = column.Value ?? "";
        }
        var settings = section.GetChildren()
            .Where(c => c.Value is not null && !KnownKeys.Contains(c.Key))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        var injection = FailureInjectionReader.Read(section.GetSection("FailureInjection"), global);
        if (enabled && !Connectors.ConnectorRegistration.SupportedKinds.Contains(kind))
        {
            throw new KasparroConfigurationException(
                $"{key}:Kind is {kind}, which this build cannot ingest yet; set {key}:Enabled=false.");
        }

        return new SourceDefinition(id, kind, url.Trim(), interval, enabled, batchSize, columns, injection)
        {
            Settings = settings,
            Resilience = Resilience.ResilienceSettings.Read(section.GetSection("Resilience")),
            Drift = Drift.DriftSettings.Read(section),
            Encoding = SourceEncodings.Parse(section[SourceEncodings.Key], $"{key}:{SourceEncodings.Key}"),
            MaxRejectionRate = section[MaxRejectionRateKey] is { } rate
                ? ParseRate(rate, $"{key}:{MaxRejectionRateKey}")
                : Runs.RunHealthRules.DefaultMaxRejectionRate,
        };
    }

    private static TimeSpan ParseInterval(string text, string key) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.FromSeconds(1)
            ? span
            : throw new KasparroConfigurationException($"{key} is '{text}': expected a duration of at least 00:00:01.");

    private static double ParseRate(string text, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw new KasparroConfigurationException($"{key} is '{text}': expected a share of the records read from 0 to 1 (e.g. 0.5).");

    private static int ParseBatchSize(string text, string key) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= 1_000_000
            ? size
            : throw new KasparroConfigurationException($"{key} is '{text}': expected a whole number from 1 to 1000000.");
}

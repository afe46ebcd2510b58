using Kasparro.Grains.Configuration;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>
/// Validates every source entry with its generated validator (ranges, naming the source's keys) and
/// checks what attributes cannot: the id, the kind, the URL, the drift policy, the encoding and the
/// failure type. Built-in sources come first, so the first failure is the one today's order names.
/// </summary>
public sealed class SourceRules : IValidateOptions<KasparroSourcesOptions>
{
    private static readonly SourceOptionsValidator Generated = new();

    public ValidateOptionsResult Validate(string? name, KasparroSourcesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var global = new SectionValidator<FailureInjectionOptions>(SourceCatalog.FailureInjectionSection, new FailureInjectionChecks());
        failures.AddRange(global.Validate(name, options.FailureInjection).Failures ?? []);
        foreach (var id in SourceCatalog.Ids(options))
        {
            var key = $"{SourceCatalog.Section}:{id}";
            if (!SourceIds.IsValid(id))
            {
                failures.Add($"{key} is not a valid source id: use 1 to 64 lower-case letters, digits, '-' or '_'.");
                continue;
            }

            failures.AddRange(ValidateSource(key, id, options.Sources.GetValueOrDefault(id) ?? new SourceOptions()));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every failure of one entry (<paramref name="key"/> is its section, e.g. <c>Kasparro:Sources:csv</c>), each naming its key.</summary>
    public static IEnumerable<string> ValidateSource(string key, string id, SourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return (new SectionValidator<SourceOptions>(key, Generated).Validate(key, source).Failures ?? [])
            .Concat(Check(key, source, DefaultSources.All.GetValueOrDefault(id)));
    }

    private static IEnumerable<string> Check(string key, SourceOptions source, SourceDefinition? fallback)
    {
        SourceKind kind = default;
        if ((source.Kind is not null || fallback is null)
            && (!Enum.TryParse(source.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind)))
        {
            yield return $"{key}:Kind is '{source.Kind}': expected one of {string.Join(", ", Enum.GetNames<SourceKind>())}.";
        }
        else if (source.Kind is null)
        {
            kind = fallback!.Kind;
        }

        var url = source.Url ?? fallback?.Url;
        if (string.IsNullOrWhiteSpace(url) || !SourceLocation.TryParse(url, out _))
        {
            yield return $"{key}:Url is '{url}': expected an http(s) URL, a file:// URL or a file path.";
        }

        if (source.DriftPolicy is { } policy && !Drift.DriftSettings.TryParsePolicy(policy, out _))
        {
            yield return $"{key}:{Drift.DriftSettings.PolicyKey} is '{policy}': expected one of evolve, warn, freeze.";
        }

        if (kind == SourceKind.CoinGecko && source.PlanProblem(key) is { } plan)
        {
            yield return plan;
        }

        if (source.FailureInjection.Problem($"{key}:FailureInjection") is { } injection)
        {
            yield return injection;
        }

        if (EncodingProblem(source.Encoding, $"{key}:{SourceEncodings.Key}") is { } encoding)
        {
            yield return encoding;
        }

        if ((source.Enabled ?? fallback?.Enabled ?? true) && !ConnectorRegistration.SupportedKinds.Contains(kind))
        {
            yield return $"{key}:Kind is {kind}, which this build cannot ingest yet; set {key}:Enabled=false.";
        }
    }

    private static string? EncodingProblem(string? text, string key)
    {
        try
        {
            SourceEncodings.Parse(text, key);
            return null;
        }
        catch (KasparroConfigurationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The generated ranges of the global section plus its failure type.</summary>
    private sealed class FailureInjectionChecks : IValidateOptions<FailureInjectionOptions>
    {
        private static readonly FailureInjectionOptionsValidator Ranges = new();

        public ValidateOptionsResult Validate(string? name, FailureInjectionOptions options)
        {
            var failures = (Ranges.Validate(name, options).Failures ?? []).ToList();
            if (options.Problem(SourceCatalog.FailureInjectionSection) is { } problem)
            {
                failures.Add(problem);
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

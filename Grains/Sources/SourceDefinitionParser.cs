using System.Collections.Concurrent;
using System.Reflection;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>
/// Turns a <see cref="SourceDocument"/>'s settings into a <see cref="SourceDefinition"/> exactly as
/// configuration is read (the same binder, <see cref="SourceRules"/> and merge over the built-in
/// defaults), and validates a definition sent through the API, collecting every bad setting rather
/// than stopping at the first. The silo's <c>Kasparro:FailureInjection</c> applies beneath every source.
/// </summary>
public sealed class SourceDefinitionParser
{
    /// <summary>
    /// The settings a source reads, found once: each top-level key with the keys under it (null for a
    /// plain value; empty for <c>Columns</c>, whose keys are any column).
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>?> KnownKeys = Properties(typeof(SourceOptions))
        .ToDictionary(
            p => p.Name,
            p => p.Name == nameof(SourceOptions.Columns) ? [] : p.PropertyType.IsClass && p.PropertyType != typeof(string)
                ? Properties(p.PropertyType).Select(n => n.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : null,
            StringComparer.OrdinalIgnoreCase);

    private readonly FailureInjectionSettings _global;
    private readonly ConcurrentDictionary<string, (SourceDocument Document, SourceDefinition Definition)> _parsed = new(StringComparer.Ordinal);

    public SourceDefinitionParser(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _global = SourceCatalog.Bind(configuration).FailureInjection.Over(FailureInjectionSettings.Off);
    }

    /// <summary>The definition a stored document holds (parsed once per version); a document that no longer validates throws <see cref="SourceDefinitionException"/>.</summary>
    public SourceDefinition Parse(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_parsed.TryGetValue(document.Id, out var known) && known.Document.Version == document.Version
            && SourceSettings.SameAs(known.Document.Settings, document.Settings))
        {
            return known.Definition;
        }

        var errors = Validate(document.Id, document.Settings, strict: false);
        if (errors.Count > 0)
        {
            throw new SourceDefinitionException(document.Id, errors);
        }

        var (options, section, _) = Bind(document.Id, document.Settings);
        var definition = SourceCatalog.Merge(document.Id, options, _global, section);
        _parsed[document.Id] = (document, definition);
        return definition;
    }

    /// <summary>
    /// Every problem of the settings, by key relative to the source (empty when valid). Strict (the
    /// API) also refuses keys no source reads, so a typo is an error rather than a silent default.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(string id, IReadOnlyDictionary<string, string> settings, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        void Add(string key, string message) => (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);

        if (!SourceIds.IsValid(id))
        {
            Add("", $"'{id}' is not a valid source id: use 1 to 64 lower-case letters, digits, '-' or '_'.");
            return Freeze(errors);
        }

        var usable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            if (strict && !IsKnown(key))
            {
                Add(key, $"{key} is not a source setting.");
            }
            else if (BindProblem(id, key, value) is { } problem)
            {
                Add(key, problem);
            }
            else
            {
                usable[key] = value;
            }
        }

        var (_, _, failures) = Bind(id, usable);
        var prefix = Prefix(id) + ":";
        foreach (var failure in failures)
        {
            var text = failure.Replace(prefix, "", StringComparison.Ordinal);
            var end = text.IndexOfAny([' ', '\'']);
            Add(end > 0 ? text[..end].TrimEnd(':', '.') : "", text);
        }

        return Freeze(errors);
    }

    private static (SourceOptions Options, IConfigurationSection Section, List<string> Failures) Bind(string id, IReadOnlyDictionary<string, string> settings)
    {
        var section = Section(id, settings);
        var options = new SourceOptions();
        section.Bind(options);
        return (options, section, [.. SourceRules.ValidateSource(section.Path, id, options)]);
    }

    /// <summary>What the binder says of one setting on its own (a value it cannot convert), or null.</summary>
    private static string? BindProblem(string id, string key, string value)
    {
        try
        {
            Section(id, new Dictionary<string, string> { [key] = value }).Bind(new SourceOptions());
            return null;
        }
        catch (InvalidOperationException ex) when (OptionsFailures.Describe(ex) is { } line)
        {
            return line.Replace(Prefix(id) + ":", "", StringComparison.Ordinal);
        }
    }

    private static IConfigurationSection Section(string id, IReadOnlyDictionary<string, string> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create($"{Prefix(id)}:{kv.Key}", (string?)kv.Value)))
            .Build().GetSection(Prefix(id));

    private static string Prefix(string id) => $"{SourceCatalog.Section}:{id}";

    /// <summary>A key some source reads: a setting of <see cref="SourceOptions"/> (nested ones by their object's properties; any column), or <c>MaxFeedBytes</c>.</summary>
    private static bool IsKnown(string key)
    {
        var parts = key.Split(':');
        if (parts[0].Equals("MaxFeedBytes", StringComparison.OrdinalIgnoreCase) || !KnownKeys.TryGetValue(parts[0], out var nested))
        {
            return parts.Length == 1 && parts[0].Equals("MaxFeedBytes", StringComparison.OrdinalIgnoreCase);
        }

        return nested switch
        {
            null => parts.Length == 1,
            { Count: 0 } => parts.Length == 2, // a column
            _ => parts.Length == 2 && nested.Contains(parts[1]),
        };
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
}

using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The webhooks configuration declares: <c>Kasparro:Alerts:Webhooks:{id}</c> with <c>Url</c>,
/// <c>Secret</c> or <c>SecretFile</c> (a file holding it, such as a Kubernetes secret mount),
/// <c>Kinds</c> and <c>Sources</c> (arrays, or comma-separated), <c>Format</c> (default standard) and
/// <c>Enabled</c> (default true). Read and validated once at start by <see cref="WebhookRules"/>: a bad
/// entry stops the silo with one line naming its key (never quoting a secret); the registry then
/// takes them over (see <see cref="WebhookDeclarer"/>).
/// </summary>
public sealed class WebhookDeclarations(IReadOnlyDictionary<string, WebhookDefinition> declared)
{
    private static readonly string[] Keys = ["Url", "Secret", "SecretFile", "Kinds", "Sources", "Format", "Enabled"];

    public IReadOnlyDictionary<string, WebhookDefinition> Declared { get; } = declared;

    /// <summary>Reads every declaration; throws <see cref="KasparroConfigurationException"/> listing each bad key.</summary>
    public static WebhookDeclarations Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AlertOptions();
        foreach (var host in configuration.GetSection($"{AlertOptions.SectionName}:{nameof(AlertOptions.AllowedHosts)}").Get<string[]>() ?? [])
        {
            options.AllowedHosts.Add(host);
        }

        var failures = new List<string>();
        var declared = new Dictionary<string, WebhookDefinition>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(WebhookRegistryGrain.Section).GetChildren())
        {
            if (Read(entry, options, failures) is { } definition)
            {
                declared[entry.Key] = definition;
            }
        }

        return failures.Count == 0 ? new WebhookDeclarations(declared) : throw new KasparroConfigurationException(string.Join("; ", failures));
    }

    private static WebhookDefinition? Read(IConfigurationSection entry, AlertOptions options, List<string> failures)
    {
        var count = failures.Count;
        foreach (var unknown in entry.GetChildren().Where(c => !Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            failures.Add($"{unknown.Path} is not a webhook setting; expected {string.Join(", ", Keys)}.");
        }

        // Some providers give a section an empty value beside its children; only a lone value is a mistake.
        if (!string.IsNullOrEmpty(entry.Value) && !entry.GetChildren().Any())
        {
            failures.Add($"{entry.Path} must be a section with {string.Join(", ", Keys)}, not a value.");
        }

        var secret = entry["Secret"];
        var secretKey = "Secret";
        if (entry["SecretFile"] is { } file)
        {
            secretKey = "SecretFile";
            secret = secret is null ? ReadSecretFile(file, $"{entry.Path}:SecretFile", failures) : Fail(failures, $"{entry.Path}: set Secret or SecretFile, not both.");
        }

        var enabled = true;
        if (entry["Enabled"] is { } text && !bool.TryParse(text, out enabled))
        {
            failures.Add($"{entry.Path}:Enabled is '{text}': expected true or false.");
        }

        var definition = new WebhookDefinition(
            entry["Url"] ?? "", List(entry.GetSection("Kinds")), List(entry.GetSection("Sources")),
            entry["Format"] ?? WebhookFormats.Standard, secret, enabled);
        foreach (var (field, messages) in WebhookRules.Validate(entry.Key, definition, existing: null, options))
        {
            var key = field switch
            {
                "id" => entry.Path,
                "secret" => $"{entry.Path}:{secretKey}",
                _ => $"{entry.Path}:{char.ToUpperInvariant(field[0])}{field[1..]}",
            };
            failures.AddRange(messages.Select(m => $"{key}: {m}"));
        }

        return failures.Count == count ? definition : null;
    }

    /// <summary>An array section (<c>Kinds:0</c>, <c>Kinds:1</c>) or one comma-separated value.</summary>
    private static string[] List(IConfigurationSection section) =>
        section.Value is { Length: > 0 } text && !section.GetChildren().Any()
            ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [.. section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)];

    /// <summary>The file's text without a trailing line break (what <c>echo</c> leaves); the error names the key and path, never the content.</summary>
    private static string? ReadSecretFile(string path, string key, List<string> failures)
    {
        try
        {
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail(failures, $"{key}: the file '{path}' cannot be read ({ex.GetType().Name}).");
        }
    }

    private static string? Fail(List<string> failures, string message)
    {
        failures.Add(message);
        return null;
    }
}

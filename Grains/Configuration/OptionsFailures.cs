using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Configuration;

/// <summary>
/// Turns what the options machinery throws for a bad setting into the one line a user needs, naming
/// the key: a value the binder could not convert (an <see cref="InvalidOperationException"/> from the
/// configuration binder) or a failed validation (<see cref="OptionsValidationException"/>).
/// </summary>
public static partial class OptionsFailures
{
    /// <summary>The line for <paramref name="exception"/>, or null when it is not a configuration error.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        KasparroConfigurationException configuration => configuration.Message,
        OptionsValidationException validation => string.Join("; ", validation.Failures),
        InvalidOperationException binder when BinderError().Match(binder.Message) is { Success: true } match =>
            match.Groups["value"].Success
                ? $"{match.Groups["key"].Value} is '{match.Groups["value"].Value}': expected {Expected(match.Groups["type"].Value)}."
                : $"{match.Groups["key"].Value}: expected {Expected(match.Groups["type"].Value)}.",
        _ => null,
    };

    /// <summary>Binds with <paramref name="bind"/> and validates now; a bad setting throws <see cref="KasparroConfigurationException"/>.</summary>
    public static TOptions Read<TOptions>(Func<TOptions> bind, params IValidateOptions<TOptions>[] validators)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(bind);
        TOptions options;
        try
        {
            options = bind();
        }
        catch (InvalidOperationException ex) when (Describe(ex) is { } line)
        {
            throw new KasparroConfigurationException(line, ex);
        }

        var failures = validators.Select(v => v.Validate(Options.DefaultName, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? options : throw new KasparroConfigurationException(string.Join("; ", failures));
    }

    /// <summary>
    /// A generated validator's failure (<c>SiloPort: The field Kasparro:Cluster.SiloPort must be between 1 and 65535.</c>)
    /// as <c>Kasparro:Cluster:SiloPort must be between 1 and 65535.</c>
    /// </summary>
    public static string Reword(string section, string failure)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(failure);
        var at = failure.IndexOf(section, StringComparison.Ordinal);
        if (at < 0)
        {
            return failure;
        }

        var text = failure[at..];
        var end = text.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : text.Length;
        return text[..end].Replace('.', ':') + text[end..];
    }

    private static string Expected(string type) => type switch
    {
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.TimeSpan" => "a duration such as 00:00:05",
        _ when Enum(type) is { } names => $"one of {names}",
        _ => $"a value of type {type}",
    };

    private static string? Enum(string type) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(type)).FirstOrDefault(t => t is { IsEnum: true }) is { } enumType
            ? string.Join(", ", System.Enum.GetNames(enumType))
            : null;

    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']*)' to type '(?<type>[^']*)'\.$", RegexOptions.Singleline)]
    private static partial Regex BinderError();
}

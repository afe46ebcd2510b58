namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// Which settings of a source hold secrets (the last segment of the key names a key, secret, password
/// or token, e.g. <c>ApiKey</c>): their values never leave the cluster in an answer or an audit event.
/// </summary>
public static class SourceSecrets
{
    /// <summary>Shown instead of a secret's value.</summary>
    public const string Masked = "***";

    private static readonly string[] Marks = ["ApiKey", "Secret", "Password", "Token"];

    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var last = key[(key.LastIndexOf(':') + 1)..];
        return Marks.Any(m => last.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The settings with every secret's value replaced by <see cref="Masked"/>.</summary>
    public static IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ToDictionary(kv => kv.Key, kv => IsSecret(kv.Key) ? Masked : kv.Value, StringComparer.OrdinalIgnoreCase);
    }
}

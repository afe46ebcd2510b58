namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// Which settings of a source hold secrets (the last segment of the key names a key, secret, password
/// or token, e.g. <c>ApiKey</c>): their values never leave the cluster in an answer or an audit event.
/// A location (<c>Url</c>) leaves only in part: a file path as its file name, an http(s) URL without
/// its credentials and query string (where a key may ride), since reads may be open to anyone and a
/// path of the machine tells an attacker about it.
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

    /// <summary>The settings with every secret's value replaced by <see cref="Masked"/> and the location shown in part.</summary>
    public static IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ToDictionary(kv => kv.Key, kv => Shown(kv.Key, kv.Value)!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What may be shown of <paramref name="value"/> (null stays null).</summary>
    public static string? Shown(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (value is null)
        {
            return null;
        }

        if (IsSecret(key))
        {
            return Masked;
        }

        if (!key.Equals("Url", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
                + (uri.Query.Length > 0 ? "?" + Masked : "");
        }

        var name = value.Replace('\\', '/').TrimEnd('/');
        return ".../" + name[(name.LastIndexOf('/') + 1)..];
    }
}

using System.Text;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// What a webhook subscription must be, for the API and for configuration alike: a plain id (as a
/// source's), a URL <see cref="WebhookUrls"/> accepts, known kinds and plain source ids without
/// repeats, a known format and a signing secret of 16 to 256 bytes. Every bad field is reported at
/// once, under its snake_case name. No message ever quotes the secret.
/// </summary>
public static class WebhookRules
{
    /// <summary>The prefix of a Standard Webhooks secret: what follows it is the key, base64-encoded.</summary>
    public const string SecretPrefix = "whsec_";

    public const int MinSecretBytes = 16;
    public const int MaxSecretBytes = 256;

    /// <summary>
    /// The problems with <paramref name="definition"/> as subscription <paramref name="id"/>, by field;
    /// empty when it is valid. <paramref name="existing"/>: the subscription it replaces (its secret
    /// stays when the definition gives none), null when it creates one.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string id, WebhookDefinition definition, WebhookSubscription? existing, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!SourceIds.IsValid(id))
        {
            errors["id"] = ["A webhook id is 1 to 64 characters: lower-case letters, digits, '-' and '_'."];
        }

        if (WebhookUrls.Check(definition.Url, options.AllowedHosts) is { } url)
        {
            errors["url"] = [url];
        }

        Add(errors, "kinds", Listed(definition.Kinds, "kind", k => AlertKinds.All.Contains(k, StringComparer.Ordinal),
            $"is not an alert kind; expected one of {string.Join(", ", AlertKinds.All)}"));
        Add(errors, "sources", Listed(definition.Sources, "source", SourceIds.IsValid,
            "is not a source id (1 to 64 characters: lower-case letters, digits, '-' and '_')"));
        if (!WebhookFormats.All.Contains(definition.Format, StringComparer.Ordinal))
        {
            errors["format"] = [$"format must be one of {string.Join(", ", WebhookFormats.All)}."];
        }

        if (definition.Secret is null ? existing is null : SecretProblem(definition.Secret) is not null)
        {
            errors["secret"] = [definition.Secret is null ? "A new webhook needs a secret (the key its deliveries are signed with)." : SecretProblem(definition.Secret)!];
        }

        return errors;
    }

    /// <summary>Why <paramref name="secret"/> cannot sign (never quoting it), or null when it can.</summary>
    public static string? SecretProblem(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && !IsBase64(secret[SecretPrefix.Length..]))
        {
            return $"A secret that starts with {SecretPrefix} must continue with base64 (the key's bytes).";
        }

        var length = SigningKeyLength(secret);
        return length is >= MinSecretBytes and <= MaxSecretBytes
            ? null
            : $"A secret's key must be {MinSecretBytes} to {MaxSecretBytes} bytes; this one is {length}.";
    }

    /// <summary>
    /// The HMAC key of a secret: the bytes the base64 after <c>whsec_</c> stands for, else the
    /// secret's UTF-8 bytes (as the Standard Webhooks libraries read it).
    /// </summary>
    public static byte[] SigningKey(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[SecretPrefix.Length..])
            : Encoding.UTF8.GetBytes(secret);
    }

    private static int SigningKeyLength(string secret) =>
        secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? SigningKey(secret).Length : Encoding.UTF8.GetByteCount(secret);

    private static bool IsBase64(string text) =>
        text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static List<string> Listed(IReadOnlyList<string>? values, string what, Func<string, bool> valid, string invalid)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            if (value is null || !valid(value))
            {
                problems.Add($"{Quote(value)} {invalid}.");
            }
            else if (!seen.Add(value))
            {
                problems.Add($"The {what} {Quote(value)} is named twice.");
            }
        }

        return problems;
    }

    private static void Add(Dictionary<string, string[]> errors, string field, List<string> problems)
    {
        if (problems.Count > 0)
        {
            errors[field] = [.. problems];
        }
    }

    private static string Quote(string? value) =>
        value is null ? "null" : $"'{(value.Length > 64 ? value[..64] + "…" : value)}'";
}

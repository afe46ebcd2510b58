using System.Text;
using Kasparro.Api.Http;
using Kasparro.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>
/// The accepted API keys and <c>Kasparro:Api:RequireKeyForReads</c>. Keys come from
/// <c>Kasparro:Api:ApiKey</c> (one), <c>Kasparro:Api:ApiKeys:{n}</c> (several at once, for rotation)
/// and <c>Kasparro:Api:ApiKeyFile</c> (a file with one key per line, such as a mounted secret, so the
/// key never appears on a command line); every one of them is accepted. Only SHA-256 hashes of the
/// keys are kept, and nothing here prints them: a key never reaches a log.
/// </summary>
public sealed class ApiSettings
{
    public const string ApiKeyKey = "Kasparro:Api:ApiKey";
    public const string ApiKeysKey = "Kasparro:Api:ApiKeys";
    public const string ApiKeyFileKey = "Kasparro:Api:ApiKeyFile";
    public const string RequireKeyForReadsKey = "Kasparro:Api:RequireKeyForReads";

    private readonly byte[][] _keyHashes;

    private ApiSettings(byte[][] keyHashes, bool requireKeyForReads)
    {
        _keyHashes = keyHashes;
        RequireKeyForReads = requireKeyForReads;
    }

    /// <summary>Whether a key is configured; without one, mutating endpoints answer 403.</summary>
    public bool KeyConfigured => _keyHashes.Length > 0;

    public bool RequireKeyForReads { get; }

    /// <summary>Binds and validates <c>Kasparro:Api</c> (<see cref="ApiOptions"/>, <see cref="ApiRules"/>), then reads the keys.</summary>
    public static ApiSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return From(KasparroOptions.Read(
            () => configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new(), new ApiRules()));
    }

    public static ApiSettings From(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = Keys(options);
        return keys.Count == 0 ? new ApiSettings([], false) : new ApiSettings([.. keys.Select(ApiKeyComparer.Hash)], options.RequireKeyForReads);
    }

    /// <summary>Whether <paramref name="presented"/> is one of the configured keys, compared in constant time.</summary>
    public bool Matches(string? presented)
    {
        // Every key is compared, whichever matches: the time taken does not tell which one did.
        var matched = false;
        foreach (var hash in _keyHashes)
        {
            matched |= ApiKeyComparer.Matches(presented, hash);
        }

        return matched;
    }

    private static List<string> Keys(ApiOptions options)
    {
        var keys = new List<string>();
        if (options.ApiKey is { } single && !string.IsNullOrWhiteSpace(single))
        {
            keys.Add(single);
        }

        keys.AddRange(options.ApiKeys.Where(v => !string.IsNullOrWhiteSpace(v)));

        if (options.ApiKeyFile is { } path && !string.IsNullOrWhiteSpace(path))
        {
            keys.AddRange(ReadKeyFile(path));
        }

        return keys;
    }

    /// <summary>One key per line; blank lines and lines starting with # are skipped; surrounding white space is not part of a key.</summary>
    private static List<string> ReadKeyFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw KasparroOptions.Invalid($"{ApiKeyFileKey} is '{path}': the file cannot be read ({ex.GetType().Name}).");
        }

        var keys = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return keys.Count > 0
            ? keys
            : throw KasparroOptions.Invalid($"{ApiKeyFileKey} is '{path}': the file holds no key (one per line; # starts a comment).");
    }

    public override string ToString() =>
        new StringBuilder("ApiSettings { Keys = ").Append(_keyHashes.Length)
            .Append(", RequireKeyForReads = ").Append(RequireKeyForReads).Append(" }").ToString();
}

using System.Text;
using Kasparro.Api.Http;
using Kasparro.Grains.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>
/// <c>Kasparro:Api:ApiKey</c> and <c>Kasparro:Api:RequireKeyForReads</c>. Only a SHA-256 hash of
/// the key is kept, and nothing here prints it: the key never reaches a log.
/// </summary>
public sealed class ApiSettings
{
    public const string ApiKeyKey = "Kasparro:Api:ApiKey";
    public const string RequireKeyForReadsKey = "Kasparro:Api:RequireKeyForReads";

    private readonly byte[]? _keyHash;

    private ApiSettings(byte[]? keyHash, bool requireKeyForReads)
    {
        _keyHash = keyHash;
        RequireKeyForReads = requireKeyForReads;
    }

    /// <summary>Whether a key is configured; without one, mutating endpoints answer 403.</summary>
    public bool KeyConfigured => _keyHash is not null;

    public bool RequireKeyForReads { get; }

    public static ApiSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = configuration[ApiKeyKey];
        var requireText = configuration[RequireKeyForReadsKey];
        var requireForReads = false;
        if (!string.IsNullOrWhiteSpace(requireText) && !bool.TryParse(requireText.Trim(), out requireForReads))
        {
            throw new KasparroConfigurationException($"{RequireKeyForReadsKey} is '{requireText}': expected true or false.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return requireForReads
                ? throw new KasparroConfigurationException($"{RequireKeyForReadsKey} is true but {ApiKeyKey} is not set: no request could be served.")
                : new ApiSettings(null, false);
        }

        return new ApiSettings(ApiKeyComparer.Hash(key), requireForReads);
    }

    /// <summary>Whether <paramref name="presented"/> is the configured key, compared in constant time.</summary>
    public bool Matches(string? presented) => _keyHash is not null && ApiKeyComparer.Matches(presented, _keyHash);

    public override string ToString() =>
        new StringBuilder("ApiSettings { KeyConfigured = ").Append(KeyConfigured)
            .Append(", RequireKeyForReads = ").Append(RequireKeyForReads).Append(" }").ToString();
}

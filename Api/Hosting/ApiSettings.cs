using System.Security.Cryptography;
using System.Text;
using Kasparro.Api.Http;
using Kasparro.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>
/// The accepted API keys, each with an id and a scope, and <c>Kasparro:Api:RequireKeyForReads</c>.
/// Keys come from <c>Kasparro:Api:Keys:{id}</c> (<c>Key</c> or <c>KeyFile</c>, and <c>Scope</c>) and,
/// as <c>admin</c> keys, from the older <c>Kasparro:Api:ApiKey</c>, <c>Kasparro:Api:ApiKeys:{n}</c> and
/// <c>Kasparro:Api:ApiKeyFile</c> (see <see cref="ApiKeyLoader"/>). Only SHA-256 hashes of the keys are
/// kept, and nothing here prints them: a key never reaches a log.
/// </summary>
public sealed class ApiSettings
{
    public const string KeysKey = "Kasparro:Api:Keys";
    public const string ApiKeyKey = "Kasparro:Api:ApiKey";
    public const string ApiKeysKey = "Kasparro:Api:ApiKeys";
    public const string ApiKeyFileKey = "Kasparro:Api:ApiKeyFile";
    public const string RequireKeyForReadsKey = "Kasparro:Api:RequireKeyForReads";

    private readonly ApiKeyEntry[] _keys;

    private ApiSettings(ApiKeyEntry[] keys, bool requireKeyForReads)
    {
        _keys = keys;
        RequireKeyForReads = requireKeyForReads;
    }

    /// <summary>Whether a key is configured; without one, guarded endpoints answer 403.</summary>
    public bool KeyConfigured => _keys.Length > 0;

    public bool RequireKeyForReads { get; }

    /// <summary>The configured keys (ids, scopes and where each came from; no key).</summary>
    public IReadOnlyList<ApiKeyEntry> Keys => _keys;

    /// <summary>Binds and validates <c>Kasparro:Api</c> (<see cref="ApiOptions"/>, <see cref="ApiRules"/>), then reads the keys.</summary>
    public static ApiSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return From(KasparroOptions.Read(
            () => configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new(), new ApiRules()));
    }

    /// <summary>The settings of options that passed <see cref="ApiRules"/>; a key file that cannot be used, an id or a key given twice throw the configuration error.</summary>
    public static ApiSettings From(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = ApiKeyLoader.Load(options);
        return keys.Count == 0 ? new ApiSettings([], false) : new ApiSettings([.. keys], options.RequireKeyForReads);
    }

    /// <summary>
    /// The configured key <paramref name="presented"/> is, or null. Every key is compared in constant
    /// time, whichever matches, so the time taken tells neither whether nor which one did.
    /// </summary>
    public ApiKeyEntry? Find(string? presented)
    {
        // A missing key is hashed like any other, so "no header" takes as long as a wrong one.
        var hash = ApiKeyComparer.Hash(presented ?? "");
        ApiKeyEntry? found = null;
        foreach (var key in _keys)
        {
            var equal = CryptographicOperations.FixedTimeEquals(hash, key.Hash);
            found = equal ? key : found;
        }

        return presented is null ? null : found;
    }

    /// <summary>Whether <paramref name="presented"/> is one of the configured keys, of any scope.</summary>
    public bool Matches(string? presented) => Find(presented) is not null;

    public override string ToString() =>
        new StringBuilder("ApiSettings { Keys = [").AppendJoin(", ", _keys.Select(k => k.ToString()))
            .Append("], RequireKeyForReads = ").Append(RequireKeyForReads).Append(" }").ToString();
}

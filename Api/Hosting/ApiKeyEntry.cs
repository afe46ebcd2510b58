using Kasparro.Api.Http;

namespace Kasparro.Api.Hosting;

/// <summary>
/// One accepted key: its id (the caller in the audit trail and in messages; never the key), its scope,
/// the SHA-256 of the key, and the setting it came from (for start-up messages). Nothing here prints the hash.
/// </summary>
public sealed class ApiKeyEntry
{
    public ApiKeyEntry(string id, ApiScope scope, byte[] hash, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentException.ThrowIfNullOrEmpty(setting);
        Id = id;
        Scope = scope;
        Hash = hash;
        Setting = setting;
    }

    public string Id { get; }

    public ApiScope Scope { get; }

    public string Setting { get; }

    internal byte[] Hash { get; }

    public override string ToString() => $"{Id} ({ApiKeyScopes.Name(Scope)}, from {Setting})";
}

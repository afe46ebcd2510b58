using Kasparro.Api.Http;
using Kasparro.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Turns the key settings into <see cref="ApiKeyEntry"/>s: <c>Kasparro:Api:Keys:{id}</c> with their
/// own ids and scopes, and the older settings as <c>admin</c> keys (<c>ApiKey</c> as <c>default</c>,
/// <c>ApiKeys:{n}</c> as <c>key-{n}</c>, line n of <c>ApiKeyFile</c> as <c>file-{n}</c>). Reads the key
/// files, and refuses an id used twice and a key configured twice (which id and scope would it be?).
/// Expects options that passed <see cref="ApiRules"/>.
/// </summary>
public static class ApiKeyLoader
{
    public const string DefaultId = "default";

    /// <summary>The id of <c>Kasparro:Api:ApiKeys:{n}</c>.</summary>
    public static string ListedId(string n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return $"key-{n.ToLowerInvariant()}";
    }

    public static List<ApiKeyEntry> Load(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new List<ApiKeyEntry>();
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            entries.Add(Entry(DefaultId, ApiScope.Admin, options.ApiKey, ApiSettings.ApiKeyKey));
        }

        foreach (var (n, key) in options.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k.Value)))
        {
            entries.Add(Entry(ListedId(n), ApiScope.Admin, key!, $"{ApiSettings.ApiKeysKey}:{n}"));
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKeyFile))
        {
            entries.AddRange(ApiKeyFiles.ReadLines(options.ApiKeyFile, ApiSettings.ApiKeyFileKey).Select(l =>
                Entry($"file-{l.Line}", ApiScope.Admin, l.Key, $"{ApiSettings.ApiKeyFileKey} line {l.Line}")));
        }

        foreach (var (id, key) in options.Keys)
        {
            var setting = $"{ApiSettings.KeysKey}:{id}";
            _ = ApiKeyScopes.TryParse(key!.Scope, out var scope);
            entries.Add(key.Key is { } text
                ? Entry(id, scope, text, $"{setting}:Key")
                : Entry(id, scope, ApiKeyFiles.ReadSingle(key.KeyFile!, $"{setting}:KeyFile"), $"{setting}:KeyFile"));
        }

        RefuseTwice(entries);
        return entries;
    }

    private static ApiKeyEntry Entry(string id, ApiScope scope, string key, string setting) => new(id, scope, ApiKeyComparer.Hash(key), setting);

    private static void RefuseTwice(List<ApiKeyEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (first, second) = (entries[j], entries[i]);
                if (string.Equals(first.Id, second.Id, StringComparison.Ordinal))
                {
                    throw KasparroOptions.Invalid(
                        $"{second.Setting} and {first.Setting} both make the key id '{first.Id}': each key needs an id of its own.");
                }

                if (first.Hash.AsSpan().SequenceEqual(second.Hash))
                {
                    throw KasparroOptions.Invalid(
                        $"{second.Setting} holds the same key as {first.Setting} (ids '{second.Id}' and '{first.Id}'): configure each key once, with one scope.");
                }
            }
        }
    }
}

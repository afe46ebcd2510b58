using System.Text.RegularExpressions;
using Kasparro.Api.Http;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Hosting;

/// <summary>
/// A known gateway mode; every <c>Kasparro:Api:Keys:{id}</c> with a valid id, a known scope and
/// exactly one of <c>Key</c> and <c>KeyFile</c>; legacy <c>ApiKeys:{n}</c> whose <c>{n}</c> makes a
/// valid id; and no <c>RequireKeyForReads</c> without a key (no request could be served). What needs
/// the keys themselves (files, the same key twice, an id taken twice) is checked by <see cref="ApiKeyLoader"/>.
/// </summary>
public sealed partial class ApiRules : IValidateOptions<ApiOptions>
{
    public const string IdRule = "1 to 64 of a-z, 0-9, '-' and '_'";

    /// <summary>How much of a bad id a message shows: a little too long is shown whole, a pasted blob is clipped.</summary>
    private const int ShownId = 128;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            return ValidateOptionsResult.Fail(
                $"{GatewayHostingExtensions.ModeKey} is '{(int)options.Mode}': expected one of {string.Join(", ", Enum.GetNames<GatewayMode>())}.");
        }

        var failures = new List<string>();
        foreach (var (id, key) in options.Keys)
        {
            failures.AddRange(KeyFailures(id, key));
        }

        foreach (var n in options.ApiKeys.Keys.Where(n => !IsValidId(ApiKeyLoader.ListedId(n))))
        {
            failures.Add($"{ApiSettings.ApiKeysKey}:{Echo.Token(n, ShownId)} makes the key id {Echo.Quote(ApiKeyLoader.ListedId(n), ShownId)}: an id is {IdRule}.");
        }

        if (options.RequireKeyForReads && !options.AnyKeySource)
        {
            failures.Add($"{ApiSettings.RequireKeyForReadsKey} is true but no key is set ({ApiSettings.KeysKey}:{{id}}:Key, {ApiSettings.ApiKeyKey}, "
                + $"{ApiSettings.ApiKeysKey} or {ApiSettings.ApiKeyFileKey}): no request could be served.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsValidId(string id) => ValidId().IsMatch(id);

    private static IEnumerable<string> KeyFailures(string id, ApiKeyOptions? key)
    {
        var setting = $"{ApiSettings.KeysKey}:{Echo.Token(id, ShownId)}";
        if (!IsValidId(id))
        {
            yield return $"{setting}: the key id {Echo.Quote(id, ShownId)} is not valid: an id is {IdRule}.";
            yield break;
        }

        if (key?.Scope is not { } scope || string.IsNullOrWhiteSpace(scope))
        {
            yield return $"{setting}:Scope is missing: expected {ApiKeyScopes.Expected}.";
        }
        else if (!ApiKeyScopes.TryParse(scope, out _))
        {
            yield return $"{setting}:Scope is {Echo.Quote(scope)}: expected {ApiKeyScopes.Expected}.";
        }

        var hasKey = key?.Key is not null;
        var hasFile = !string.IsNullOrWhiteSpace(key?.KeyFile);
        if (hasKey && hasFile)
        {
            yield return $"{setting} sets both Key and KeyFile: set one of them.";
        }
        else if (!hasKey && !hasFile)
        {
            yield return $"{setting}:Key is missing: set it, or {setting}:KeyFile to a file holding the key.";
        }
        else if (hasKey && string.IsNullOrWhiteSpace(key!.Key))
        {
            yield return $"{setting}:Key is empty.";
        }
    }

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValidId();
}

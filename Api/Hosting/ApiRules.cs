using Microsoft.Extensions.Options;

namespace Kasparro.Api.Hosting;

/// <summary>A known gateway mode, and no <c>RequireKeyForReads</c> without a key: no request could be served.</summary>
public sealed class ApiRules : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Mode))
        {
            return ValidateOptionsResult.Fail(
                $"{GatewayHostingExtensions.ModeKey} is '{(int)options.Mode}': expected one of {string.Join(", ", Enum.GetNames<GatewayMode>())}.");
        }

        return options.RequireKeyForReads && !options.AnyKeySource
            ? ValidateOptionsResult.Fail(
                $"{ApiSettings.RequireKeyForReadsKey} is true but no key is set ({ApiSettings.ApiKeyKey}, {ApiSettings.ApiKeysKey} or {ApiSettings.ApiKeyFileKey}): no request could be served.")
            : ValidateOptionsResult.Success;
    }
}

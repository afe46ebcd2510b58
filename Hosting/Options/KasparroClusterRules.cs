using System.Net;
using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary>An advertised address must be an IP address.</summary>
public sealed class KasparroClusterRules : IValidateOptions<KasparroClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, KasparroClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.AdvertisedAddress;
        return string.IsNullOrWhiteSpace(address) || IPAddress.TryParse(address.Trim(), out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{KasparroClusterOptions.Section}:AdvertisedAddress is '{address}': expected an IP address such as 10.0.0.12.");
    }
}

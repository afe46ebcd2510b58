using System.Net;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Hosting;

/// <summary>Identity and endpoints of this silo, from <c>Kasparro:Cluster:*</c>.</summary>
public sealed record ClusterSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress)
{
    public const string Section = "Kasparro:Cluster";

    public static ClusterSettings Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var address = section["AdvertisedAddress"];
        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(address) && !IPAddress.TryParse(address.Trim(), out advertised))
        {
            throw new KasparroConfigurationException(
                $"{Section}:AdvertisedAddress is '{address}': expected an IP address such as 10.0.0.12.");
        }

        return new ClusterSettings(
            ClusterId: Text(section, "ClusterId", "kasparro-dev"),
            ServiceId: Text(section, "ServiceId", "kasparro"),
            SiloPort: Port(section, "SiloPort", 11111),
            GatewayPort: Port(section, "GatewayPort", 30000),
            AdvertisedAddress: advertised);
    }

    private static string Text(IConfigurationSection section, string key, string fallback)
    {
        var value = section[key];
        if (value is null)
        {
            return fallback;
        }

        // Ids end up in database keys (varchar(150)) and metric labels: keep them short and plain.
        if (value.Length is 0 or > 150 || value.Any(char.IsWhiteSpace))
        {
            throw new KasparroConfigurationException(
                $"{Section}:{key} is '{value}': expected 1 to 150 characters without spaces.");
        }

        return value;
    }

    private static int Port(IConfigurationSection section, string key, int fallback)
    {
        var value = section[key];
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new KasparroConfigurationException($"{Section}:{key} is '{value}': expected a port number from 1 to 65535.");
        }

        return port;
    }
}

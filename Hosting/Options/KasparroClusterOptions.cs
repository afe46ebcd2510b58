using System.ComponentModel.DataAnnotations;

namespace Kasparro.Hosting;

/// <summary>Identity and endpoints of this silo (<c>Kasparro:Cluster:*</c>). A start-up decision: read once.</summary>
public sealed class KasparroClusterOptions
{
    public const string Section = "Kasparro:Cluster";

    // Ids end up in database keys (varchar(150)) and metric labels: keep them short and plain.
    [Required, StringLength(150, MinimumLength = 1), RegularExpression(@"^\S+$")]
    public string ClusterId { get; set; } = "kasparro-dev";

    [Required, StringLength(150, MinimumLength = 1), RegularExpression(@"^\S+$")]
    public string ServiceId { get; set; } = "kasparro";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this one at (Postgres clustering). Optional: unset, the silo
    /// advertises an address of its own network interfaces (<see cref="AdvertisedAddressResolver"/>).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    public System.Net.IPAddress? AdvertisedIp() =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? null : System.Net.IPAddress.Parse(AdvertisedAddress.Trim());
}

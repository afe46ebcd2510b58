using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Hosting;

/// <summary>What <c>/health</c> counts as degraded about the cluster (<c>Kasparro:Health:*</c>).</summary>
public sealed record HealthSettings
{
    public const string Section = "Kasparro:Health";

    /// <summary>
    /// How long <c>/health</c> stays <c>degraded</c> after the cluster declared a silo dead: its grains
    /// are being placed again on the survivors, and a source it ran is resuming. A silo that left
    /// gracefully does not count.
    /// </summary>
    public TimeSpan DegradedAfterSiloDeath { get; init; } = TimeSpan.FromMinutes(1);

    public static HealthSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new HealthSettings
        {
            DegradedAfterSiloDeath = KasparroSettings.Duration(section, nameof(DegradedAfterSiloDeath)) ?? TimeSpan.FromMinutes(1),
        };
    }
}

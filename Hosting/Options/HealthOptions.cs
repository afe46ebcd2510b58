using System.ComponentModel.DataAnnotations;

namespace Kasparro.Hosting;

/// <summary>
/// What <c>/health</c> counts as degraded about the cluster (<c>Kasparro:Health:*</c>). Read at every
/// check (through <c>IOptionsMonitor</c>), so a change in a reloaded configuration applies at once.
/// </summary>
public sealed class HealthOptions
{
    public const string Section = "Kasparro:Health";

    /// <summary>
    /// How long <c>/health</c> stays <c>degraded</c> after the cluster declared a silo dead: its grains
    /// are being placed again on the survivors, and a source it ran is resuming. A silo that left
    /// gracefully does not count.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DegradedAfterSiloDeath { get; set; } = TimeSpan.FromMinutes(1);
}

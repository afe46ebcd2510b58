using System.ComponentModel.DataAnnotations;

namespace Kasparro.Grains.Queries;

/// <summary>
/// How query answers are reused (<c>Kasparro:Queries:*</c>). Read at every lookup (through
/// <c>IOptionsMonitor</c>), so a change in a reloaded configuration applies at once.
/// </summary>
public sealed class QueryOptions
{
    public const string Section = "Kasparro:Queries";
    public const string CacheDurationKey = "Kasparro:Queries:CacheDuration";

    /// <summary>
    /// How long a silo reuses the answer of a query over assets or news (0 turns it off). A batch
    /// committed on the same silo makes every answer stale at once; writes on other silos are seen
    /// after at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}

using System.ComponentModel.DataAnnotations;

namespace Kasparro.Grains.Sources;

/// <summary>How sources keep and start their runs (<c>Kasparro:Runs:*</c>).</summary>
public sealed class RunOptions
{
    public const string Section = "Kasparro:Runs";
    public const string HistoryLimitKey = "Kasparro:Runs:HistoryLimit";
    public const string FirstRunAtStartKey = "Kasparro:Runs:FirstRunAtStart";

    /// <summary>How many recent runs a source keeps in its grain state; older ones live in the run log only.</summary>
    [Range(1, 1000)]
    public int HistoryLimit { get; set; } = 50;

    /// <summary>
    /// A source that has never run starts its first scheduled run as soon as it is scheduled
    /// (moments after start) rather than one interval later, so a new deployment shows data at once.
    /// </summary>
    public bool FirstRunAtStart { get; set; } = true;
}

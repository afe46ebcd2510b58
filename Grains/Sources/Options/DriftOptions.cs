using System.ComponentModel.DataAnnotations;

namespace Kasparro.Grains.Sources;

/// <summary><c>Kasparro:Sources:{id}:Drift:*</c> as configured; an unset key keeps <see cref="Drift.DriftSettings.Default"/>.</summary>
public sealed class DriftOptions
{
    /// <summary>Records analyzed per batch.</summary>
    [Range(1, 1000)]
    public int? SampleSize { get; set; }

    /// <summary>0: always the declared schema; N: the schema learned from the first N clean runs becomes the expected one.</summary>
    [Range(0, 1000)]
    public int? LearnFromRuns { get; set; }

    /// <summary>Reports kept in the analyzer's state; the drift log keeps them all.</summary>
    [Range(1, 1000)]
    public int? HistoryLimit { get; set; }
}

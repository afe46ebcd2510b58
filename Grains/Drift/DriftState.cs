using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// What a drift analyzer persists: its recent reports (newest first, bounded; the drift log keeps
/// them all), its learning progress, and the reports the drift log could not take yet (written
/// with the next analysis; the log ignores a report it already has).
/// </summary>
[GenerateSerializer, Alias("kasparro.DriftState")]
public sealed class DriftState
{
    [Id(0)]
    public List<DriftReport> History { get; set; } = [];

    [Id(1)]
    public DriftLearning? Learning { get; set; }

    [Id(2)]
    public List<DriftReport> Unlogged { get; set; } = [];

    public void AddToHistory(DriftReport report, int limit)
    {
        ArgumentNullException.ThrowIfNull(report);
        History.Insert(0, report);
        if (History.Count > limit)
        {
            History.RemoveRange(limit, History.Count - limit);
        }
    }
}

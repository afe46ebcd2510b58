namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// What deleting a source's data removed, row by row: its latest quotes, quote history, news items
/// (their mention links go with them), rejected records, run log rows and drift reports. All zero
/// when nothing was purged.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourcePurge")]
public sealed record SourcePurge(
    [property: Id(0)] long Assets,
    [property: Id(1)] long Quotes,
    [property: Id(2)] long NewsItems,
    [property: Id(3)] long RejectedRecords,
    [property: Id(4)] long Runs,
    [property: Id(5)] long DriftReports)
{
    /// <summary>Nothing deleted (a new value each time, as for every contract that may end up in state).</summary>
    public static SourcePurge None => new(0, 0, 0, 0, 0, 0);
}

using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>
/// Run 2 measured against run 1 (the baseline) of the same source. Differences are run 2 minus
/// run 1; a percentage is null when run 1's figure is zero (there is no percentage of nothing).
/// Records are the records a run read (written plus rejected).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.RunComparison")]
public sealed record RunComparison(
    [property: Id(0)] Guid RunId1,
    [property: Id(1)] Guid RunId2,
    [property: Id(2)] string Source,
    [property: Id(3)] long RecordsDifference,
    [property: Id(4)] double? RecordsDifferencePercent,
    [property: Id(5)] double DurationDifferenceSeconds,
    [property: Id(6)] double? DurationDifferencePercent,
    [property: Id(7)] bool StatusChanged,
    [property: Id(8)] IReadOnlyList<RunAnomaly> Anomalies,
    [property: Id(9)] RunInfo Run1,
    [property: Id(10)] RunInfo Run2);

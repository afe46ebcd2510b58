using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Stored data and run aggregates per source (ordered by source id), and the most recent runs.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.StatsReport")]
public sealed record StatsReport(
    [property: Id(0)] IReadOnlyList<DataSummary> Data,
    [property: Id(1)] IReadOnlyList<RunSummary> Runs,
    [property: Id(2)] IReadOnlyList<RunInfo> RecentRuns);

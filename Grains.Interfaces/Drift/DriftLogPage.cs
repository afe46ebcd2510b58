namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>One page of drift reports and how many match the query in all.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.DriftLogPage")]
public sealed record DriftLogPage(
    [property: Id(0)] IReadOnlyList<DriftReport> Reports,
    [property: Id(1)] long Total);

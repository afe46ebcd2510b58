namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>An expected field that is not there under its name but probably is under <see cref="Observed"/>.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.FuzzyMatch")]
public sealed record FuzzyMatch(
    [property: Id(0)] string Expected,
    [property: Id(1)] string Observed,
    [property: Id(2)] double Score,
    [property: Id(3)] bool Key);

namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>A field null or absent in a much larger share of the sample than expected (or learned).</summary>
[GenerateSerializer, Immutable, Alias("kasparro.NullRateChange")]
public sealed record NullRateChange(
    [property: Id(0)] string Field,
    [property: Id(1)] double Expected,
    [property: Id(2)] double Observed);

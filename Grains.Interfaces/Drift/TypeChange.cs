namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>An expected field whose values mostly arrive as another, incompatible type.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.TypeChange")]
public sealed record TypeChange(
    [property: Id(0)] string Field,
    [property: Id(1)] FieldType Expected,
    [property: Id(2)] FieldType Observed,
    [property: Id(3)] bool Key);

namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// One field a source is expected to send: its name as the source spells it (after the source's
/// column map), its type, whether it is a key field (its loss or retyping breaks ingestion), and
/// the share of records in which it may be null or absent without that counting as a jump.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.ExpectedField")]
public sealed record ExpectedField(
    [property: Id(0)] string Name,
    [property: Id(1)] FieldType Type,
    [property: Id(2)] bool Key,
    [property: Id(3)] double NullRate = 0);

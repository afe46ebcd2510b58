namespace Kasparro.Grains.Interfaces.Control;

/// <summary>What a <c>PUT</c> of a definition did: the definition as stored, and whether it created the source (201) or replaced it (200).</summary>
[GenerateSerializer, Immutable, Alias("kasparro.PutSourceResult")]
public sealed record PutSourceResult(
    [property: Id(0)] SourceDocument Document,
    [property: Id(1)] bool Created);

namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>A configured source as the silos define it: its id, kind and whether it runs.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceEntry")]
public sealed record SourceEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] SourceKind Kind,
    [property: Id(2)] bool Enabled);

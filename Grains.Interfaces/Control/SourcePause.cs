namespace Kasparro.Grains.Interfaces.Control;

/// <summary>A paused source: since when, why, and by which key (its id, never the key).</summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourcePause")]
public sealed record SourcePause(
    [property: Id(0)] DateTime At,
    [property: Id(1)] string? Reason,
    [property: Id(2)] string By);

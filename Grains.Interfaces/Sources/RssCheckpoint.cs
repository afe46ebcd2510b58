namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// How far a feed has been read: the newest published time made durable, and the keys of the items
/// published exactly then (a feed may hold several items with one timestamp). Older items, and
/// those keys at the boundary, are not read again.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.RssCheckpoint")]
public sealed record RssCheckpoint(
    [property: Id(0)] DateTime? LastPublished,
    [property: Id(1)] IReadOnlyList<string> KeysAtBoundary);

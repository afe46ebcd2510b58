namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// A source's definition as the cluster keeps it (the registry's catalog and the source grain's
/// own copy). <see cref="Settings"/> holds the keys of a <c>Kasparro:Sources:{id}</c> entry relative
/// to it (<c>Kind</c>, <c>Url</c>, <c>Interval</c>, <c>Columns:symbol</c>, <c>Resilience:MaxAttempts</c>, …),
/// so a definition made through the API is read and validated exactly as configuration is.
/// <see cref="Version"/> grows by one with every change and is the HTTP ETag.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceDocument")]
public sealed record SourceDocument(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyDictionary<string, string> Settings,
    [property: Id(2)] SourceManager ManagedBy,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTime UpdatedAt,
    [property: Id(5)] string UpdatedBy,
    [property: Id(6)] bool Deleted = false);

namespace Kasparro.Grains.Interfaces.News;

/// <summary>
/// A news item from a feed: its own kind of record, not a fake coin. <see cref="ItemKey"/> is the
/// feed's guid, else the link; <see cref="Symbols"/> are the known assets the item mentions.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.NewsItem")]
public sealed record NewsItem(
    [property: Id(0)] string Source,
    [property: Id(1)] string ItemKey,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Link,
    [property: Id(4)] DateTime? PublishedAt,
    [property: Id(5)] string? Summary,
    [property: Id(6)] IReadOnlyList<string> Authors,
    [property: Id(7)] IReadOnlyList<string> Categories,
    [property: Id(8)] IReadOnlyList<string> Symbols,
    [property: Id(9)] Guid RunId);

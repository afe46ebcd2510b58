using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Api.Contracts;

/// <summary>A news item, as <c>/news</c> lists it; <c>symbols</c> are the assets it mentions.</summary>
public sealed record NewsView(
    string Source,
    string ItemKey,
    string Title,
    string? Link,
    DateTime? PublishedAt,
    string? Summary,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Symbols)
{
    public static NewsView From(NewsItem n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new NewsView(n.Source, n.ItemKey, n.Title, n.Link, n.PublishedAt, n.Summary, n.Authors, n.Categories, n.Symbols);
    }
}

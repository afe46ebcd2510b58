using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Reads stored news items for the gateway. A stateless worker: call it with key 0.</summary>
[Alias("kasparro.INewsQueryGrain")]
public interface INewsQueryGrain : IGrainWithIntegerKey
{
    /// <summary>News items, newest published first (undated last), then by source and item key.</summary>
    [Alias("GetNews")]
    Task<Page<NewsItem>> GetNews(NewsFilter filter, PageRequest page, CancellationToken cancellationToken = default);
}

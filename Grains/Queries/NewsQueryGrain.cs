using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>News items from the store, through the silo's query cache. Stateless: every silo serves it locally.</summary>
[GrainType("news-query"), StatelessWorker]
public sealed class NewsQueryGrain(IQueryStore store, QueryCache cache) : Grain, INewsQueryGrain
{
    public Task<Page<NewsItem>> GetNews(NewsFilter filter, PageRequest page) =>
        cache.GetOrAddAsync((filter, page), () => store.QueryNewsAsync(filter, page, CancellationToken.None));
}

using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>News items from the store, through the silo's query cache. Stateless and reentrant (see <see cref="QueryGrains"/>).</summary>
[GrainType("news-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class NewsQueryGrain(IQueryStore store, QueryCache cache, Control.SourceDirectory sources) : Grain, INewsQueryGrain
{
    public async Task<Page<NewsItem>> GetNews(NewsFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await sources.RequireFilterAsync(filter.Source);
        return await cache.GetOrAddAsync((filter, page), () => store.QueryNewsAsync(filter, page, cancellationToken));
    }
}

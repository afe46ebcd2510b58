using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>News items from the store, through the silo's query cache. Stateless and reentrant (see <see cref="QueryGrains"/>).</summary>
[GrainType("news-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class NewsQueryGrain(IQueryStore store, QueryCache cache, SourceCatalog sources) : Grain, INewsQueryGrain
{
    public Task<Page<NewsItem>> GetNews(NewsFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        sources.RequireFilter(filter.Source);
        return cache.GetOrAddAsync((filter, page), () => store.QueryNewsAsync(filter, page, cancellationToken));
    }
}

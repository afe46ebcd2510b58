using System.Collections.Concurrent;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>
/// A request the client gives up on stops its database work: HttpContext.RequestAborted travels
/// through the query grain to the store. Several requests wait at once, so a cancellation that
/// reached the wrong activation of the stateless worker (dotnet/orleans#9877) would show.
/// </summary>
public sealed class QueryCancellationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cancelled_request_cancels_its_store_query_and_only_its_own()
    {
        var store = new BlockingQueryStore();
        await using var factory = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            // Every query reaches the store: no answer is reused from the cache.
            ["Kasparro:Queries:CacheDuration"] = "00:00:00",
        });
        await using var gateway = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IQueryStore>(store)));
        using var http = gateway.CreateClient();

        string[] symbols = ["S0", "S1", "S2", "S3"];
        var requests = symbols.ToDictionary(s => s, _ => new CancellationTokenSource());
        var sent = symbols.Select(s => http.GetAsync(new Uri($"/data?symbol={s}", UriKind.Relative), requests[s].Token)).ToArray();
        try
        {
            await Task.WhenAll(symbols.Select(s => store.Query(s).Entered.Task)).WaitAsync(Deadline);

            await requests["S2"].CancelAsync();

            await store.Query("S2").Ended.Task.WaitAsync(Deadline);
            Assert.True(store.Query("S2").Cancelled, "the store query ended without its token being cancelled");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent[2]);
            Assert.All(symbols.Where(s => s != "S2"), s => Assert.False(store.Query(s).Ended.Task.IsCompleted, $"{s} ended too"));
        }
        finally
        {
            foreach (var cts in requests.Values)
            {
                await cts.CancelAsync();
            }

            await Task.WhenAll(symbols.Select(s => store.Query(s).Ended.Task)).WaitAsync(Deadline);
            foreach (var cts in requests.Values)
            {
                cts.Dispose();
            }
        }
    }

    /// <summary>One asset query of the test: it started, it ended, and whether its token was cancelled.</summary>
    private sealed class BlockedQuery
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; set; }
    }

    /// <summary>Asset queries wait until cancelled; every other read answers empty at once.</summary>
    private sealed class BlockingQueryStore : IQueryStore
    {
        private readonly ConcurrentDictionary<string, BlockedQuery> _queries = new(StringComparer.Ordinal);

        public BlockedQuery Query(string symbol) => _queries.GetOrAdd(symbol, _ => new BlockedQuery());

        public async Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken)
        {
            var query = Query(filter.Symbol ?? "");
            query.Entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
            finally
            {
                query.Cancelled = cancellationToken.IsCancellationRequested;
                query.Ended.TrySetResult();
            }
        }

        public Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken) =>
            Task.FromResult<Page<AssetQuote>?>(null);

        public Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken) =>
            Task.FromResult(new Page<NewsItem>([], 0, page));

        public Task<Page<RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken) =>
            Task.FromResult(new Page<RunInfo>([], 0, page));

        public Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RunSummary>>([]);

        public Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DataSummary>>([]);
    }
}

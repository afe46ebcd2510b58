using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The query stores answer alike: the same writes to PostgreSQL and to memory give the same pages,
/// totals and run summaries (the trigger of migration 0006 against its in-memory twin).
/// </summary>
public sealed class QueryStoreTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Run_summaries_follow_runs_as_they_start_finish_and_are_written_again()
    {
        var source = $"sum-{Guid.NewGuid():N}"[..16];
        var started = Run(source, RunStatus.Running, T0, null, 0);
        var finished = Run(source, RunStatus.Success, T0, T0.AddSeconds(2.5), 10) with { RunId = started.RunId };
        var failed = Run(source, RunStatus.Failed, T0.AddMinutes(1), T0.AddMinutes(1).AddSeconds(1), 4);
        var running = Run(source, RunStatus.Running, T0.AddMinutes(2), null, 0);
        var expected = new RunSummary(source, 3, 1, 1, 1, 14, 12, 2, 3500, 2, running.StartedAt, finished.CompletedAt, failed.CompletedAt, 0);

        foreach (var (store, _) in await StoresAsync())
        {
            foreach (var run in new[] { started, finished, finished, failed, running })
            {
                await store.RecordRunAsync(run, CancellationToken.None);
            }

            var summary = Assert.Single(await ((IQueryStore)store).GetRunSummariesAsync(CancellationToken.None), s => s.Source == source);
            Assert.Equal(expected, summary);
            Assert.Equal(1.75, summary.AverageDurationSeconds);
            var runs = await ((IQueryStore)store).QueryRunsAsync(new RunFilter(source, null), new PageRequest(1, 2), CancellationToken.None);
            Assert.Equal((3L, 2L), (runs.TotalItems, runs.TotalPages));
            Assert.Equal([running.RunId, failed.RunId], runs.Items.Select(r => r.RunId));
            var successes = await ((IQueryStore)store).QueryRunsAsync(new RunFilter(source, RunStatus.Success), new PageRequest(1, 10), CancellationToken.None);
            Assert.Equal(finished.RunId, Assert.Single(successes.Items).RunId);
        }
    }

    [Theory]
    [InlineData(1, 2, null, new[] { 6, 5 })]
    [InlineData(2, 2, null, new[] { 4, 3 })]
    [InlineData(4, 2, null, new[] { 0 })]
    [InlineData(5, 2, null, new int[0])]
    [InlineData(2, 3, null, new[] { 3, 2, 1 })]
    [InlineData(3, 3, null, new[] { 0 })]
    [InlineData(1, 100, null, new[] { 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(2147483647, 100, null, new int[0])]
    [InlineData(2, 2, RunStatus.Failed, new[] { 0 })]
    [InlineData(3, 2, RunStatus.Failed, new int[0])]
    public async Task Run_pages_skip_the_pages_before_them_in_both_stores(int number, int size, RunStatus? status, int[] expected)
    {
        // Seven runs a minute apart, newest first by start; every third failed (runs 0, 3 and 6).
        var source = $"page-{Guid.NewGuid():N}"[..16];
        var runs = Enumerable.Range(0, 7)
            .Select(i => Run(source, i % 3 == 0 ? RunStatus.Failed : RunStatus.Success, T0.AddMinutes(i), T0.AddMinutes(i).AddSeconds(1), i + 1))
            .ToArray();
        var total = status is null ? 7L : 3L;
        foreach (var (store, name) in await StoresAsync())
        {
            foreach (var run in runs)
            {
                await store.RecordRunAsync(run, CancellationToken.None);
            }

            var page = await ((IQueryStore)store).QueryRunsAsync(new RunFilter(source, status), new PageRequest(number, size), CancellationToken.None);

            Assert.Equal(expected.Select(i => runs[i].RunId), page.Items.Select(r => r.RunId));
            Assert.Equal((total, ((total - 1) / size) + 1, number, size), (page.TotalItems, page.TotalPages, page.Request.Number, page.Request.Size));
            Assert.True(page.Items.Count <= size, name);
        }
    }

    [Theory]
    [InlineData(null, null, null, null, 1, 100)]
    [InlineData(null, null, null, null, 2, 3)]
    [InlineData("q-b", null, null, null, 1, 100)]
    [InlineData(null, "SYM1", null, null, 1, 100)]
    [InlineData(null, null, "2", "4.5", 1, 100)]
    [InlineData(null, null, "0", null, 3, 2)]
    public async Task Asset_pages_are_the_same_in_both_stores(string? source, string? symbol, string? min, string? max, int page, int size)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var filter = new AssetFilter(source is null ? null : source + tag, symbol,
            min is null ? null : decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture),
            max is null ? null : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture));
        var answers = new List<Page<AssetQuote>>();
        // A database of its own: the unfiltered queries must see these assets and no others.
        var database = await TestPostgres.CreateMigratedDatabaseAsync("assets");
        await using var postgres = NpgsqlDataSource.Create(database);
        foreach (var store in new IIngestionStore[] { new PostgresStores(postgres), new InMemoryIngestionStore() })
        {
            foreach (var s in new[] { "q-a", "q-b" })
            {
                var quotes = Enumerable.Range(0, 7).Select(i => new AssetQuote(s + tag, $"id-{i}", $"SYM{i % 3}", $"Asset {i}",
                    i == 6 ? null : i * 0.75m, i % 4 == 0 ? null : 1000 - (i * 10), 1, 0, T0, Guid.NewGuid())).ToArray();
                await store.WriteBatchAsync(new IngestionBatch(s + tag, Guid.NewGuid(), quotes, [], []), CancellationToken.None);
            }

            var found = await ((IQueryStore)store).QueryAssetsAsync(filter, new PageRequest(page, size), CancellationToken.None);
            answers.Add(found);
        }

        await TestPostgres.DropDatabaseAsync(database);

        Assert.Equal(Keys(answers[1]), Keys(answers[0]));
        Assert.NotEmpty(answers[0].Items);
    }

    [Fact]
    public async Task News_pages_order_undated_items_last_in_both_stores()
    {
        var source = $"news-{Guid.NewGuid():N}"[..16];
        var items = new[]
        {
            News(source, "k2", T0, "BTC"), News(source, "k1", T0, "ETH"), News(source, "k3", null, "BTC"), News(source, "k0", T0.AddHours(1)),
        };
        foreach (var (store, _) in await StoresAsync())
        {
            await store.WriteBatchAsync(new IngestionBatch(source, Guid.NewGuid(), [], [], items), CancellationToken.None);
            var all = await ((IQueryStore)store).QueryNewsAsync(new NewsFilter(source, null), new PageRequest(1, 10), CancellationToken.None);
            var btc = await ((IQueryStore)store).QueryNewsAsync(new NewsFilter(source, "BTC"), new PageRequest(1, 10), CancellationToken.None);

            Assert.Equal(["k0", "k1", "k2", "k3"], all.Items.Select(n => n.ItemKey));
            Assert.Equal(["k2", "k3"], btc.Items.Select(n => n.ItemKey));
            Assert.Equal(2, btc.TotalItems);
        }
    }

    private static string[] Keys(Page<AssetQuote> page) =>
        [$"{page.TotalItems}/{page.TotalPages}", .. page.Items.Select(q => $"{q.Source[..3]}:{q.ExternalId}:{q.CurrentPrice}:{q.MarketCap}")];

    private Task<(IIngestionStore Store, string Name)[]> StoresAsync() =>
        Task.FromResult<(IIngestionStore, string)[]>(
            [(new PostgresStores(NpgsqlDataSource.Create(db.ConnectionString)), "postgres"), (new InMemoryIngestionStore(), "memory")]);

    private static RunInfo Run(string source, RunStatus status, DateTime started, DateTime? completed, long read) =>
        new(Guid.NewGuid(), source, status, started, completed, read, read == 0 ? 0 : read - 1, read == 0 ? 0 : 1,
            new Dictionary<string, long>(), null, null, SourceCheckpoint.Start, null, "manual");

    private static NewsItem News(string source, string key, DateTime? published, params string[] symbols) =>
        new(source, key, $"Title {key}", null, published, null, [], [], symbols, Guid.NewGuid());

    /// <summary>Both PostgreSQL stores behind one object, as the silo registers them side by side.</summary>
    private sealed class PostgresStores(NpgsqlDataSource dataSource) : IIngestionStore, IQueryStore
    {
        private readonly PostgresIngestionStore _ingestion = new(dataSource);
        private readonly PostgresQueryStore _queries = new(dataSource);

        public Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch, CancellationToken cancellationToken) => _ingestion.WriteBatchAsync(batch, cancellationToken);
        public Task RecordRunAsync(RunInfo run, CancellationToken cancellationToken) => _ingestion.RecordRunAsync(run, cancellationToken);
        public Task<IReadOnlyList<RunInfo>> GetRecentRunsAsync(string source, RunStatus? status, int limit, CancellationToken cancellationToken) =>
            _ingestion.GetRecentRunsAsync(source, status, limit, cancellationToken);
        public Task<IngestionCounts> CountAsync(string source, CancellationToken cancellationToken) => _ingestion.CountAsync(source, cancellationToken);
        public Task<IReadOnlyList<AssetQuote>> GetAssetsAsync(string source, CancellationToken cancellationToken) => _ingestion.GetAssetsAsync(source, cancellationToken);
        public Task<IReadOnlyList<Kasparro.Grains.Normalization.KnownAsset>> GetKnownAssetsAsync(CancellationToken cancellationToken) => _ingestion.GetKnownAssetsAsync(cancellationToken);
        public Task<RunInfo?> GetRunAsync(Guid runId, CancellationToken cancellationToken) => _ingestion.GetRunAsync(runId, cancellationToken);
        public Task<SourcePurge> PurgeSourceAsync(string source, CancellationToken cancellationToken) => _ingestion.PurgeSourceAsync(source, cancellationToken);
        public Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken) => _queries.QueryAssetsAsync(filter, page, cancellationToken);
        public Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken) => _queries.QueryQuoteHistoryAsync(query, page, cancellationToken);
        public Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken) => _queries.QueryNewsAsync(filter, page, cancellationToken);
        public Task<Page<RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken) => _queries.QueryRunsAsync(filter, page, cancellationToken);
        public Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken) => _queries.GetRunSummariesAsync(cancellationToken);
        public Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken) => _queries.GetDataSummariesAsync(cancellationToken);
    }
}

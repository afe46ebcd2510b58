using System.Diagnostics.Metrics;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kasparro.Tests.Telemetry;

public sealed class SourceGaugesTests
{
    [Fact]
    public async Task A_burst_of_commits_costs_a_query_a_second_and_the_last_one_is_still_seen()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var dataChanged = new SourceDataSignal();
        var store = new CountingStore();
        using var gauges = new SourceGauges(meters, dataChanged, store, NullLogger<SourceGauges>.Instance);

        // 60 batch commits over about 1.2 s (longer on a busy machine): without spacing, each could start a refresh.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= 60; i++)
        {
            store.Assets = i;
            dataChanged.Publish("alpha");
            await Task.Delay(20);
        }

        // The last commit's data shows up within the spacing (plus a slow machine's slack).
        var deadline = DateTime.UtcNow + SourceGauges.Spacing + TimeSpan.FromSeconds(30);
        while (Assets(meters) != 60 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(60, Assets(meters));

        // One refresh at once, then at most one per spacing while commits keep coming, and the last.
        var allowed = 2 + (int)(clock.Elapsed / SourceGauges.Spacing);
        Assert.InRange(store.DataQueries, 2, Math.Min(allowed, 20));
    }

    private static long Assets(IMeterFactory meters)
    {
        // Meters are process-wide: only this test's factory, never a gauge another test left behind.
        using var assets = new MetricCollector<long>(meters, KasparroMetrics.MeterName, "kasparro.assets");
        assets.RecordObservableInstruments();
        return assets.LastMeasurement?.Value ?? -1;
    }

    private sealed class CountingStore : IQueryStore
    {
        private int _dataQueries;

        public volatile int Assets;

        public int DataQueries => Volatile.Read(ref _dataQueries);

        public Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _dataQueries);
            return Task.FromResult<IReadOnlyList<DataSummary>>([new DataSummary("alpha", Assets, 0m, 0)]);
        }

        public Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RunSummary>>([]);

        public Task<Page<Grains.Interfaces.Assets.AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Page<Grains.Interfaces.Assets.AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Page<Grains.Interfaces.News.NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Page<Grains.Interfaces.Sources.RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}

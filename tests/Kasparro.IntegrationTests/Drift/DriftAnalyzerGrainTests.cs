using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Drift;

/// <summary>
/// The drift analyzer grain on a real silo: every report in the drift log, a bounded history in
/// state that survives deactivation, learning progress kept, metrics recorded. Run once per
/// storage provider by the subclasses below.
/// </summary>
public abstract class DriftAnalyzerGrainTests
{
    protected abstract Task<TestSilo> StartSiloAsync(string clusterId, IReadOnlyDictionary<string, string?> settings);

    protected static Dictionary<string, string?> Source(string id, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Kasparro:Sources:{id}:Kind"] = "Csv",
            [$"Kasparro:Sources:{id}:Url"] = $"{id}.csv",
            [$"Kasparro:Sources:{id}:Enabled"] = "false",
            [$"Kasparro:Sources:{id}:Columns:price"] = "current_price",
        };
        foreach (var (key, value) in more)
        {
            settings[$"Kasparro:Sources:{id}:{key}"] = value;
        }

        return settings;
    }

    /// <summary>Rows as the source should send them (price under current_price), changed by <paramref name="change"/>.</summary>
    protected static IReadOnlyList<DriftSample> Rows(Action<Dictionary<string, string?>>? change = null, int count = 10) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var row = new Dictionary<string, string?>
            {
                ["id"] = $"coin-{i}",
                ["symbol"] = $"c{i}",
                ["name"] = $"Coin {i}",
                ["current_price"] = "1.25",
                ["market_cap"] = "1000",
                ["volume_24h"] = "10",
                ["price_change_24h"] = "-0.5",
                ["timestamp"] = "2024-06-01T12:00:00Z",
            };
            change?.Invoke(row);
            return DriftSample.FromText(row);
        }).ToList();

    protected static IDriftStore Log(TestSilo silo) => silo.Host.Services.GetRequiredService<IDriftStore>();

    [Fact]
    public async Task Every_report_goes_to_the_drift_log_and_the_grain_returns_it()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("logged"));
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>("logged");
        var run = Guid.NewGuid();

        var clean = await grain.AnalyzeAsync(run, Rows());
        var drifted = await grain.AnalyzeAsync(run, Rows(r =>
        {
            r["currentPrice"] = r["current_price"];
            r.Remove("current_price");
            r.Remove("market_cap");
            r["exchange"] = "x";
        }));

        Assert.False(clean.DriftDetected);
        Assert.True(drifted.DriftDetected);
        Assert.Equal((0.875, "csv-market-quote", run), (drifted.Confidence, drifted.SchemaName, drifted.RunId!.Value));
        var page = await Log(silo).QueryAsync(new DriftLogQuery("logged"), CancellationToken.None);
        Assert.Equal(2, page.Total);
        var stored = page.Reports[0];
        Assert.Equal(drifted.ReportId, stored.ReportId);
        Assert.Equal(["market_cap"], stored.MissingFields);
        Assert.Equal(["exchange"], stored.ExtraFields);
        Assert.Equal(new FuzzyMatch("current_price", "currentPrice", 1.0, true), Assert.Single(stored.FuzzyMatches));
        Assert.Equal((true, false, 10), (stored.DriftDetected, stored.Breaking, stored.SampleSize));
        Assert.Equal(drifted.DetectedAt, stored.DetectedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(clean.ReportId, page.Reports[1].ReportId);
    }

    [Fact]
    public async Task The_history_is_bounded_and_survives_deactivation_while_the_log_keeps_everything()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("bounded", ("Drift:HistoryLimit", "3")));
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>("bounded");
        var reports = new List<DriftReport>();
        for (var i = 0; i < 5; i++)
        {
            reports.Add(await grain.AnalyzeAsync(Guid.NewGuid(), Rows(r => r.Remove(i % 2 == 0 ? "market_cap" : "volume_24h"))));
        }

        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var recent = await grain.GetRecentReports(50);

        Assert.Equal(reports.AsEnumerable().Reverse().Take(3).Select(r => r.ReportId), recent.Select(r => r.ReportId));
        Assert.Equal(reports[^1].MissingFields, recent[0].MissingFields);
        Assert.Equal(5, (await Log(silo).QueryAsync(new DriftLogQuery("bounded", Limit: 2, Offset: 4), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task The_log_is_filtered_by_source_and_drift_and_paged_newest_first()
    {
        await using var silo = await StartSiloAsync(
            PostgresClusterFixture.NewClusterId(), new Dictionary<string, string?>(Source("page-a").Concat(Source("page-b"))));
        var a = silo.Grains.GetGrain<IDriftAnalyzerGrain>("page-a");
        var drifted = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            drifted.Add((await a.AnalyzeAsync(Guid.NewGuid(), Rows(r => r["extra_" + i] = "x"))).ReportId);
            await a.AnalyzeAsync(Guid.NewGuid(), Rows());
        }

        await silo.Grains.GetGrain<IDriftAnalyzerGrain>("page-b").AnalyzeAsync(Guid.NewGuid(), Rows(r => r["extra"] = "x"));
        var log = Log(silo);

        var firstPage = await log.QueryAsync(new DriftLogQuery("page-a", DriftDetected: true, Limit: 3), CancellationToken.None);
        var secondPage = await log.QueryAsync(new DriftLogQuery("page-a", DriftDetected: true, Limit: 3, Offset: 3), CancellationToken.None);
        var clean = await log.QueryAsync(new DriftLogQuery("page-a", DriftDetected: false), CancellationToken.None);
        var allDrift = await log.QueryAsync(new DriftLogQuery(DriftDetected: true), CancellationToken.None);

        Assert.Equal(4, firstPage.Total);
        Assert.Equal(Enumerable.Reverse(drifted).Take(3), firstPage.Reports.Select(r => r.ReportId));
        Assert.Equal([drifted[0]], secondPage.Reports.Select(r => r.ReportId));
        Assert.Equal(4, clean.Total);
        Assert.All(clean.Reports, r => Assert.False(r.DriftDetected));
        Assert.Contains(allDrift.Reports, r => r.Source == "page-b");
    }

    [Fact]
    public async Task Learning_progress_survives_deactivation_and_the_learned_schema_then_applies()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("learner", ("Drift:LearnFromRuns", "2")));
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>("learner");
        static void Habit(Dictionary<string, string?> r) => r["exchange"] = "binance";

        Assert.True((await grain.AnalyzeAsync(Guid.NewGuid(), Rows(Habit))).DriftDetected); // against the declared schema
        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal((false, 1), ((await grain.GetStatus()).Learned, (await grain.GetStatus()).CleanRuns));
        await grain.AnalyzeAsync(Guid.NewGuid(), Rows(Habit));
        var after = await grain.AnalyzeAsync(Guid.NewGuid(), Rows(Habit));

        var status = await grain.GetStatus();
        Assert.True(status.Learned);
        Assert.Equal("csv-market-quote+learned", status.Schema.Name);
        Assert.Contains(status.Schema.Fields, f => f.Name == "exchange");
        Assert.False(after.DriftDetected);
        Assert.Equal(after.ReportId, status.LastReport!.ReportId);
    }

    [Fact]
    public async Task Reports_and_drift_events_are_counted_and_the_last_confidence_is_a_gauge()
    {
        const string Id = "measured";
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source(Id));
        // Only this silo's instruments are heard: parallel tests' silos never add to the figures.
        using var reports = Measurements.Collect<long>(silo.Host.Services, "kasparro.drift_reports");
        using var events = Measurements.Collect<long>(silo.Host.Services, "kasparro.drift_events");
        using var confidence = Measurements.Collect<double>(silo.Host.Services, "kasparro.drift.confidence");
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>(Id);

        await grain.AnalyzeAsync(Guid.NewGuid(), Rows());
        await grain.AnalyzeAsync(Guid.NewGuid(), Rows(r => r.Remove("timestamp")));

        Assert.Equal(2, reports.Sum(("source", Id)));
        Assert.Equal(1, events.Sum(("source", Id)));
        confidence.RecordObservableInstruments(); // a gauge: observed when asked
        Assert.Equal(0.875, confidence.GetMeasurementSnapshot().Single(m => m.ContainsTags(new KeyValuePair<string, object?>("source", Id))).Value);
    }

    [Fact]
    public async Task An_unknown_source_is_refused()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("known"));

        await Assert.ThrowsAsync<UnknownSourceException>(() => silo.Grains.GetGrain<IDriftAnalyzerGrain>("nobody").AnalyzeAsync(Guid.NewGuid(), Rows()));
    }
}

public sealed class InMemoryDriftAnalyzerGrainTests : DriftAnalyzerGrainTests
{
    protected override Task<TestSilo> StartSiloAsync(string clusterId, IReadOnlyDictionary<string, string?> settings) =>
        TestSilo.StartAsync(clusterId, connectionString: null, extraSettings: settings);
}

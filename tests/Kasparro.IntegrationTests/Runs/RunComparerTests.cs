using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Runs;

/// <summary>
/// The run comparer grain over real runs of CSV sources, on each storage provider: pairs of runs,
/// the errors the gateway maps to 400 and 404, and the history scoring of every finished run.
/// </summary>
public abstract class RunComparerTests
{
    private const int Assets = 20;

    /// <summary>A fresh store for one test: null for InMemory, a new database for Postgres.</summary>
    protected abstract Task<string?> NewStoreAsync();

    private async Task<IngestionHarness> StartAsync(params string[] sources) =>
        await IngestionHarness.StartAsync(await NewStoreAsync(), sources.Select(s => (s, 50)));

    private static IRunComparerGrain Comparer(IngestionHarness h) => h.Silo.Grains.GetGrain<IRunComparerGrain>(0);

    [Fact]
    public async Task Two_real_runs_are_compared_with_the_rules()
    {
        await using var h = await StartAsync("pair");
        MarketCsv.Write(h.FileOf("pair"), 100, Assets);
        var run1 = await h.RunToEndAsync("pair");
        MarketCsv.Append(h.FileOf("pair"), 100, 400, Assets);
        var run2 = await h.RunToEndAsync("pair");

        var c = await Comparer(h).Compare(run1.RunId, run2.RunId);

        Assert.Equal((run1.RunId, run2.RunId, "pair"), (c.RunId1, c.RunId2, c.Source));
        Assert.Equal((102L, 306L), (c.Run1.RecordsRead, c.Run2.RecordsRead)); // every 50th row is doubled
        Assert.Equal(204, c.RecordsDifference);
        Assert.Equal(200.0, c.RecordsDifferencePercent);
        Assert.False(c.StatusChanged);
        var duration1 = c.Run1.CompletedAt!.Value - c.Run1.StartedAt;
        var duration2 = c.Run2.CompletedAt!.Value - c.Run2.StartedAt;
        // From the exact durations (whole ticks), within a hundredth of a tick: rounding a difference of
        // two rounded doubles to 6 places went either way whenever the 7th decimal was a 5.
        Assert.Equal((duration2 - duration1).TotalSeconds, c.DurationDifferenceSeconds, 1e-9);
        var change = Assert.Single(c.Anomalies, a => a.Rule == AnomalyRules.RecordCountChange);
        Assert.Equal((102.0, 306.0, 200.0), (change.Values["records_before"], change.Values["records_after"], change.Values["change_percent"]));
        // The timing rules depend on how fast this machine was: they must agree with the measured durations
        // (compared in whole ticks, as the rules compare them, so no boundary case is decided by rounding).
        Assert.Equal(duration2 < TimeSpan.FromMilliseconds(100), c.Anomalies.Any(a => a.Rule == AnomalyRules.SuspiciouslyFast));
        Assert.Equal(duration2.Ticks > 2 * duration1.Ticks, c.Anomalies.Any(a => a.Rule == AnomalyRules.DurationDoubled));
        Assert.DoesNotContain(c.Anomalies, a => a.Rule is AnomalyRules.StatusDegraded or AnomalyRules.ZeroRecords);

        // Nothing appended: the next run succeeds with no records.
        var run3 = await h.RunToEndAsync("pair");
        var idle = await Comparer(h).Compare(run2.RunId, run3.RunId);
        Assert.Equal((-306L, -100.0), (idle.RecordsDifference, idle.RecordsDifferencePercent!.Value));
        Assert.Contains(idle.Anomalies, a => a.Rule == AnomalyRules.ZeroRecords);
        Assert.Contains(idle.Anomalies, a => a.Rule == AnomalyRules.RecordCountChange);

        // Baseline with zero records: no percentage, and the records that follow are a change.
        MarketCsv.Append(h.FileOf("pair"), 400, 450, Assets);
        var run4 = await h.RunToEndAsync("pair");
        var fromZero = await Comparer(h).Compare(run3.RunId, run4.RunId);
        Assert.Null(fromZero.RecordsDifferencePercent);
        Assert.Equal(run4.RecordsRead, fromZero.RecordsDifference);
        Assert.Contains(fromZero.Anomalies, a => a.Rule == AnomalyRules.RecordCountChange);
    }

    [Fact]
    public async Task A_failed_run_after_a_success_is_a_degraded_status()
    {
        await using var h = await StartAsync("flaky");
        MarketCsv.Write(h.FileOf("flaky"), 200, Assets);
        var ok = await h.RunToEndAsync("flaky");
        MarketCsv.Append(h.FileOf("flaky"), 200, 400, Assets);
        await h.Source("flaky").SetFailureInjection(new FailureInjectionSettings(true, 0, 60, FailureType.DatabaseError, null));
        var failed = await h.RunToEndAsync("flaky");

        var c = await Comparer(h).Compare(ok.RunId, failed.RunId);
        var back = await Comparer(h).Compare(failed.RunId, ok.RunId);

        Assert.Equal(RunStatus.Failed, c.Run2.Status);
        Assert.True(c.StatusChanged);
        var degraded = Assert.Single(c.Anomalies, a => a.Rule == AnomalyRules.StatusDegraded);
        Assert.Contains("database_error", degraded.Message, StringComparison.Ordinal);
        Assert.True(back.StatusChanged);
        Assert.DoesNotContain(back.Anomalies, a => a.Rule == AnomalyRules.StatusDegraded);
    }

    [Fact]
    public async Task Runs_of_different_sources_cannot_be_compared()
    {
        await using var h = await StartAsync("left", "right");
        MarketCsv.Write(h.FileOf("left"), 50, Assets);
        MarketCsv.Write(h.FileOf("right"), 50, Assets);
        var left = await h.RunToEndAsync("left");
        var right = await h.RunToEndAsync("right");

        var error = await Assert.ThrowsAsync<RunSourceMismatchException>(() => Comparer(h).Compare(left.RunId, right.RunId));

        Assert.Equal((left.RunId, "left", right.RunId, "right"), (error.RunId1, error.Source1, error.RunId2, error.Source2));
        Assert.Contains("'left'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'right'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_run_ids_are_not_found()
    {
        await using var h = await StartAsync("known");
        MarketCsv.Write(h.FileOf("known"), 50, Assets);
        var known = await h.RunToEndAsync("known");
        var unknown = Guid.NewGuid();

        var first = await Assert.ThrowsAsync<RunNotFoundException>(() => Comparer(h).Compare(unknown, known.RunId));
        var second = await Assert.ThrowsAsync<RunNotFoundException>(() => Comparer(h).Compare(known.RunId, unknown));

        Assert.Equal(unknown, first.RunId);
        Assert.Equal(unknown, second.RunId);
        Assert.Contains(unknown.ToString(), second.Message, StringComparison.Ordinal);
        var self = await Comparer(h).Compare(known.RunId, known.RunId);
        Assert.Equal((0L, 0.0, false), (self.RecordsDifference, self.DurationDifferenceSeconds, self.StatusChanged));
    }

    [Fact]
    public async Task Finished_runs_are_scored_against_history_stored_and_counted()
    {
        await using var h = await StartAsync("scored");
        using var metric = Measurements.Collect<long>(h.Silo.Host.Services, "kasparro.anomalies");
        MarketCsv.Write(h.FileOf("scored"), 100, Assets);
        var runs = new List<RunInfo> { await h.RunToEndAsync("scored") };
        for (var i = 1; i <= 5; i++)
        {
            // Runs 1 to 5 have fewer than five runs before them; run 6 is scored against five alike ones.
            MarketCsv.Append(h.FileOf("scored"), i * 100, (i + 1) * 100, Assets);
            runs.Add(await h.RunToEndAsync("scored"));
        }

        MarketCsv.Append(h.FileOf("scored"), 600, 1600, Assets);
        var outlier = await h.RunToEndAsync("scored");

        Assert.All(runs, r => Assert.Equal(102, r.RecordsRead));
        Assert.All(runs.Take(5), r => Assert.Empty(r.Anomalies));
        Assert.DoesNotContain(runs[5].Anomalies, a => a.Rule == AnomalyRules.RecordsOutlier);
        Assert.Equal(1020, outlier.RecordsRead);
        var anomaly = Assert.Single(outlier.Anomalies, a => a.Rule == AnomalyRules.RecordsOutlier);
        Assert.Equal((1020.0, 102.0, 0.0, 6.0), (anomaly.Values["records"], anomaly.Values["median"], anomaly.Values["mad"], anomaly.Values["history_runs"]));
        Assert.Equal(90.0, anomaly.Values["robust_z"], 9); // (1020 - 102) / 10.2: MAD 0, spread a tenth of the median

        // Stored on the run: in the grain's history and in the run log, the same.
        var logged = (await h.Store.GetRunAsync(outlier.RunId, CancellationToken.None))!;
        Assert.Equal(outlier.Anomalies.Select(a => (a.Rule, a.Message)), logged.Anomalies.Select(a => (a.Rule, a.Message)));
        Assert.Equal(anomaly.Values, logged.Anomalies.Single(a => a.Rule == AnomalyRules.RecordsOutlier).Values);
        Assert.Equal(outlier.Anomalies.Count, (await h.Source("scored").GetStatus()).LastRun!.Anomalies.Count);

        // Counted once per anomaly found, by source and rule (the last run's count may land a moment after it is seen finished).
        var found = runs.Append(outlier).SelectMany(r => r.Anomalies).ToArray();
        Assert.Equal(found.Length, await metric.SumReachingAsync<long>(found.Length, ("source", "scored")));
        Assert.Equal(1, metric.Sum(("source", "scored"), ("rule", AnomalyRules.RecordsOutlier)));
        Assert.Equal(found.Count(a => a.Rule == AnomalyRules.DurationOutlier), metric.Sum(("rule", AnomalyRules.DurationOutlier)));

        if (h.ConnectionString is { } cs)
        {
            Assert.Equal("records_outlier", await TestPostgres.ScalarAsync<string>(cs,
                $"SELECT a->>'rule' FROM run_log, jsonb_array_elements(anomalies) a WHERE run_id = '{outlier.RunId}' AND a->>'rule' = 'records_outlier'"));
            Assert.Equal(1020m, await TestPostgres.ScalarAsync<decimal>(cs,
                $"SELECT (a->'values'->>'records')::numeric FROM run_log, jsonb_array_elements(anomalies) a WHERE run_id = '{outlier.RunId}' AND a->>'rule' = 'records_outlier'"));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(cs,
                $"SELECT count(*) FROM run_log WHERE source = 'scored' AND run_id <> '{outlier.RunId}' AND run_id <> '{runs[5].RunId}' AND anomalies <> '[]'::jsonb"));
        }
    }
}

public sealed class InMemoryRunComparerTests : RunComparerTests
{
    protected override Task<string?> NewStoreAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRunComparerTests(PostgresClusterFixture db) : RunComparerTests, IClassFixture<PostgresClusterFixture>
{
    protected override async Task<string?> NewStoreAsync() => await db.NewDatabaseAsync();
}

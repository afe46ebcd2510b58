using System.Diagnostics;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>How the source grain behaves as an actor: one run at a time, responsive, durable, scheduled.</summary>
public sealed class SourceGrainBehaviourTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Assets = 50;

    [Fact]
    public async Task Two_triggers_at_once_give_one_run()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("twice", 100)]);
        MarketCsv.Write(h.FileOf("twice"), 2000, Assets);

        var runs = await Task.WhenAll(h.Source("twice").TriggerRun(), h.Source("twice").TriggerRun(), h.Source("twice").TriggerRun());

        Assert.Single(runs.Select(r => r.RunId).Distinct());
        var finished = await h.WaitForEndAsync("twice", runs[0].RunId);
        Assert.Equal(RunStatus.Success, finished.Status);
        Assert.Single(await h.Source("twice").GetRecentRuns(10));
    }

    [Fact]
    public async Task Status_answers_quickly_while_a_long_run_is_going_on()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("long", 500)]);
        MarketCsv.Write(h.FileOf("long"), 150_000, Assets);

        var started = await h.Source("long").TriggerRun();
        var progress = new List<long>();
        var slowest = TimeSpan.Zero;
        while (true)
        {
            var watch = Stopwatch.StartNew();
            var status = await h.Source("long").GetStatus();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            if (status.ActiveRun is null)
            {
                break;
            }

            Assert.Equal(started.RunId, status.ActiveRun.RunId);
            progress.Add(status.ActiveRun.RecordsRead);
            await Task.Delay(50);
        }

        // Seen running several times with growing progress; never stuck behind the run.
        Assert.True(progress.Distinct().Count() >= 3, $"progress seen: {string.Join(",", progress.Distinct())}");
        Assert.True(progress.SequenceEqual(progress.Order()), "progress went backwards");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a status call took {slowest}");
        Assert.Equal(RunStatus.Success, (await h.Source("long").GetRun(started.RunId))!.Status);
    }

    [Fact]
    public async Task Checkpoint_and_history_survive_deactivation_and_a_silo_restart()
    {
        var cs = await db.NewDatabaseAsync();
        var clusterSettings = new Dictionary<string, string?> { ["Kasparro:Runs:HistoryLimit"] = "3" };
        SourceStatus before;
        string directory;
        await using (var h = await IngestionHarness.StartAsync(cs, [("durable", 100)], clusterSettings))
        {
            directory = h.Directory;
            MarketCsv.Write(h.FileOf("durable"), 300, Assets);
            for (var i = 0; i < 5; i++)
            {
                MarketCsv.Append(h.FileOf("durable"), 300 + (i * 10), 310 + (i * 10), Assets);
                await h.RunToEndAsync("durable");
            }

            before = await h.Source("durable").GetStatus();
            Assert.Equal(3, (await h.Source("durable").GetRecentRuns(50)).Count); // bounded
            await h.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var afterDeactivation = await h.Source("durable").GetStatus();
            Assert.Equal(before.Checkpoint, afterDeactivation.Checkpoint);
            Assert.Equal(before.LastRun, afterDeactivation.LastRun);
        }

        // The grain keeps 3; the run log keeps them all.
        Assert.Equal(5, await CountAsync(cs, "SELECT count(*) FROM run_log WHERE source = 'durable' AND status = 'success'"));
        Assert.Equal(before.Checkpoint.RecordsCommitted, MarketCsv.ExpectedFor(350, Assets).Lines);
    }

    [Fact]
    public async Task The_reminder_drives_runs_at_the_configured_interval()
    {
        var extra = new Dictionary<string, string?> { ["Kasparro:Sources:tick:Interval"] = "00:00:02" };
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("tick", 100)], extra, TimeSpan.FromSeconds(1));
        MarketCsv.Write(h.FileOf("tick"), 100, Assets);

        var runs = await Eventually.Until(
            () => h.Source("tick").GetRecentRuns(10),
            r => r.Count(x => x.Trigger == "schedule" && x.Status == RunStatus.Success) >= 2,
            TimeSpan.FromSeconds(60),
            "two scheduled runs");

        Assert.All(runs, r => Assert.Equal("schedule", r.Trigger));
        var status = await h.Source("tick").GetStatus();
        Assert.NotNull(status.NextDueAt);
    }

    [Fact]
    public async Task A_disabled_source_registers_no_reminder()
    {
        var extra = new Dictionary<string, string?> { ["Kasparro:Sources:off:Enabled"] = "false", ["Kasparro:Sources:off:Interval"] = "00:00:01" };
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("off", 100), ("on", 100)], extra, TimeSpan.FromSeconds(1));

        var cs = h.ConnectionString!;
        await Eventually.Until(
            () => CountAsync(cs, "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/on'"),
            n => n == 1, TimeSpan.FromSeconds(60), "the enabled source's reminder");
        Assert.Equal(0, await CountAsync(cs, "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/off'"));
    }

    [Fact]
    public async Task Rejected_records_are_stored_with_their_reason_and_counted_on_the_run()
    {
        var cs = await db.NewDatabaseAsync();
        await using var h = await IngestionHarness.StartAsync(cs, [("bad", 100)]);
        File.WriteAllText(h.FileOf("bad"), MarketCsv.Header + "\n" +
            "ok,OK,Okay,1,2,3,4,2024-01-01T00:00:00Z\n" +
            ",X,No id,1,2,3,4,2024-01-01T00:00:00Z\n" +
            "nan,N,NaN price,NaN,2,3,4,2024-01-01T00:00:00Z\n" +
            "neg,N,Negative cap,1,-2,3,4,2024-01-01T00:00:00Z\n" +
            "old,O,Old,1,2,3,4,2008-12-31T23:59:59Z\n" +
            "future,F,Future,1,2,3,4,2999-01-01T00:00:00Z\n" +
            "txt,T,Text,one,2,3,4,2024-01-01T00:00:00Z\n");

        var run = await h.RunToEndAsync("bad");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(7, run.RecordsRead);
        Assert.Equal(1, run.RecordsWritten);
        Assert.Equal(6, run.RecordsRejected);
        Assert.Equal(
            new Dictionary<string, long> { ["missing_field"] = 1, ["non_finite_number"] = 1, ["negative_value"] = 1, ["timestamp_out_of_range"] = 2, ["invalid_number"] = 1 },
            run.Rejections);
        Assert.Equal(1, await CountAsync(cs, "SELECT count(*) FROM rejected_records WHERE reason = 'negative_value' AND raw_payload LIKE 'neg,%'"));
    }

    private static Task<long> CountAsync(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);
}

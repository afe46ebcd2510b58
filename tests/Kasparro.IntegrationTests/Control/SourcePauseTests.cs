using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Control;

/// <summary>
/// Pausing a source stops its schedule (reminder and short-cycle timer) until it is resumed; the
/// pause is grain state, so a new activation and a restarted silo keep it. The interval here (1 s)
/// is under the reminder minimum, so both the reminder and the timer would run the source.
/// </summary>
public sealed class SourcePauseTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Assets = 20;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(6);

    private static Dictionary<string, string?> EverySecond(string source) => new()
    {
        [$"Kasparro:Sources:{source}:Interval"] = "00:00:01",
    };

    [Fact]
    public async Task A_paused_source_is_not_run_by_its_schedule_and_runs_again_when_resumed()
    {
        var cs = await db.NewDatabaseAsync();
        await using var h = await IngestionHarness.StartAsync(cs, [("tick", 100)], EverySecond("tick"), Tick);
        MarketCsv.Write(h.FileOf("tick"), 100, Assets);
        var source = h.Source("tick");
        await Eventually.Until(() => source.GetRecentRuns(100), r => r.Any(x => x.Trigger == "schedule"), TimeSpan.FromSeconds(60), "a scheduled run");

        var paused = await source.Pause("  maintenance window  ", "ops-key");

        Assert.NotNull(paused.Paused);
        Assert.Equal("maintenance window", paused.Paused.Reason);
        Assert.Equal("ops-key", paused.Paused.By);
        Assert.Null(paused.NextDueAt);
        // A run going on when it was paused finishes; after it, nothing starts for several intervals.
        var before = await Eventually.Until(() => source.GetStatus(), s => s.ActiveRun is null, TimeSpan.FromSeconds(60), "the run in progress to end");
        var runsBefore = (await source.GetRecentRuns(100)).Select(r => r.RunId).ToHashSet();
        await Task.Delay(Quiet);
        var runsPaused = await source.GetRecentRuns(100);
        Assert.Equal(runsBefore, runsPaused.Select(r => r.RunId).ToHashSet());
        Assert.Equal(before.LastRun, (await source.GetStatus()).LastRun);
        Assert.Equal(0, await IngestRemindersAsync(cs, "tick"));

        var refused = await Assert.ThrowsAsync<SourceConflictException>(() => source.TriggerRun());
        Assert.Contains("paused since", refused.Message, StringComparison.Ordinal);
        Assert.Contains("by ops-key", refused.Message, StringComparison.Ordinal);
        Assert.Contains("resume it first", refused.Message, StringComparison.Ordinal);

        var resumed = await source.Unpause("ops-key");

        Assert.Null(resumed.Paused);
        Assert.NotNull(resumed.NextDueAt);
        await Eventually.Until(
            () => source.GetRecentRuns(100),
            r => r.Any(x => x.Trigger == "schedule" && !runsBefore.Contains(x.RunId) && x.Status == RunStatus.Success),
            TimeSpan.FromSeconds(60),
            "a scheduled run after resuming");
        Assert.Equal(1, await IngestRemindersAsync(cs, "tick"));
    }

    [Fact]
    public async Task Pausing_twice_keeps_the_first_pause_and_an_empty_reason_is_none()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("twice", 100)]);
        var source = h.Source("twice");

        var first = await source.Pause("   ", "first-key");
        var second = await source.Pause("another reason", "second-key");

        Assert.Null(first.Paused!.Reason);
        Assert.Equal(first.Paused, second.Paused);
        var longReason = " " + new string('x', 2000) + " ";
        await source.Unpause("first-key");
        var clipped = await source.Pause(longReason, "first-key");
        Assert.Equal(Kasparro.Grains.Sources.SourceGrain.MaxPauseReasonLength, clipped.Paused!.Reason!.Length);
    }

    [Fact]
    public async Task A_pause_survives_deactivation_and_a_silo_restart()
    {
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-pause").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "kept.csv"), 100, Assets);
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:kept:Kind"] = "Csv",
            ["Kasparro:Sources:kept:Url"] = file,
            ["Kasparro:Sources:kept:Interval"] = "00:00:01",
        };
        try
        {
            SourcePause pause;
            await using (var first = await TestSilo.StartAsync(clusterId, cs, Tick, sources))
            {
                var source = first.Grains.GetGrain<ISourceGrain>("kept");
                pause = (await source.Pause("kept across restarts", "admin-key")).Paused!;
                await first.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                Assert.Equal(pause, (await source.GetStatus()).Paused);
            }

            // The silo start asks every source to schedule itself: a paused one stays unscheduled.
            await using var second = await TestSilo.StartAsync(clusterId, cs, Tick, sources);
            var again = second.Grains.GetGrain<ISourceGrain>("kept");
            Assert.Equal(pause, (await again.GetStatus()).Paused);
            await Task.Delay(Quiet);
            Assert.Empty(await again.GetRecentRuns(100));
            Assert.Equal(0, await IngestRemindersAsync(cs, "kept"));
            await Assert.ThrowsAsync<SourceConflictException>(() => again.TriggerRun());

            await again.Unpause("admin-key");
            await Eventually.Until(() => again.GetRecentRuns(100), r => r.Any(x => x.Status == RunStatus.Success), TimeSpan.FromSeconds(60), "a run after resuming");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The source's schedule reminder rows (the reminder table is per service; each test has its own database).</summary>
    public static Task<long> IngestRemindersAsync(string cs, string source) =>
        TestPostgres.ScalarAsync<long>(cs, $"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/{source}' AND remindername = 'ingest'");
}

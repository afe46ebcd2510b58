using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Control;

/// <summary>
/// A run stopped by a crash resumes at the next activation, unless the source is paused: then the
/// resume waits, and runs when the source is resumed. (The state a crash leaves is written directly,
/// as in InterruptedRunTests.)
/// </summary>
public sealed class PausedResumeTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Assets = 30;

    [Fact]
    public async Task A_crashed_run_of_a_paused_source_resumes_only_when_the_source_is_resumed()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("held", 100)]);
        MarketCsv.Write(h.FileOf("held"), 300, Assets);
        await h.Source("held").Pause("investigating", "ops-key");
        var crashed = await LeaveRunningRunAsync(h.Silo, "held");
        await h.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // The new activation records the crashed run, but does not resume it while paused.
        var runs = await Eventually.Until(
            () => h.Source("held").GetRecentRuns(10), r => r.Any(x => x.RunId == crashed.RunId), TimeSpan.FromSeconds(30), "the crashed run recorded");
        Assert.Equal(RunStatus.Failed, runs.Single(r => r.RunId == crashed.RunId).Status);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await h.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await h.Source("held").GetRecentRuns(10));
        Assert.Null((await h.Source("held").GetStatus()).ActiveRun);

        await h.Source("held").Unpause("ops-key");

        var resumed = await Eventually.Until(
            () => h.Source("held").GetRecentRuns(10),
            r => r.Any(x => x.Trigger == "resume" && x.Status == RunStatus.Success),
            TimeSpan.FromSeconds(60),
            "the resumed run to succeed");
        Assert.Equal(MarketCsv.ExpectedFor(300, Assets).Lines, resumed[0].CheckpointAfter!.RecordsCommitted);
    }

    /// <summary>Writes the state a crash mid-run leaves: the run still marked running.</summary>
    private static async Task<RunInfo> LeaveRunningRunAsync(TestSilo silo, string source)
    {
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var grainId = GrainId.Create("source", source);
        var state = new GrainState<SourceState>(new SourceState());
        await storage.ReadStateAsync("source", grainId, state);
        Assert.NotNull(state.State!.Paused);
        var running = new RunInfo(Guid.NewGuid(), source, RunStatus.Running, DateTime.UtcNow.AddSeconds(-5), null, 0, 0, 0,
            new Dictionary<string, long>(), null, null, state.State.Checkpoint, null, "manual");
        state.State.ActiveRun = running;
        await storage.WriteStateAsync("source", grainId, state);
        return running;
    }
}

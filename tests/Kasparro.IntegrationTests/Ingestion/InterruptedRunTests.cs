using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// A silo that dies mid-run leaves the run "running" in the grain's stored state. The next
/// activation must record it as interrupted and resume from the stored checkpoint. (Killing a
/// real silo process with kill -9 is the deployment issue's failover test; here the state such
/// a crash leaves behind is written directly.)
/// </summary>
public sealed class InterruptedRunTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Assets = 30;

    [Fact]
    public async Task An_interrupted_run_is_recorded_and_resumed_from_the_last_durable_checkpoint()
    {
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-crash").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "crash.csv"), 500, Assets);
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:crash:Kind"] = "Csv",
            ["Kasparro:Sources:crash:Url"] = file,
            ["Kasparro:Sources:crash:BatchSize"] = "100",
            ["Kasparro:Sources:crash:Interval"] = "01:00:00",
        };

        try
        {
            RunInfo failed;
            await using (var first = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources))
            {
                var grain = first.Grains.GetGrain<ISourceGrain>("crash");
                await grain.SetFailureInjection(new FailureInjectionSettings(true, 0, 250, FailureType.NetworkError, null));
                var started = await grain.TriggerRun();
                failed = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the failing run");
                await grain.SetFailureInjection(FailureInjectionSettings.Off);
            }

            Assert.Equal(200, failed.CheckpointAfter!.RecordsCommitted);

            await using var second = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources);
            var crashed = await LeaveRunningRunAsync(second);
            // The silo activated the source at start (to schedule it); drop that activation so the
            // next call reads the state the crash left.
            await second.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

            var grainAgain = second.Grains.GetGrain<ISourceGrain>("crash");
            var runs = await Eventually.Until(
                () => grainAgain.GetRecentRuns(10),
                r => r.Count > 0 && r[0].Trigger == "resume" && r[0].Status == RunStatus.Success,
                TimeSpan.FromSeconds(60),
                "the resumed run to succeed");

            var interrupted = runs.Single(r => r.RunId == crashed.RunId);
            Assert.Equal(RunStatus.Failed, interrupted.Status);
            Assert.Equal("interrupted", interrupted.ErrorType);
            Assert.Equal(200, runs[0].CheckpointBefore.RecordsCommitted);
            Assert.Equal(MarketCsv.ExpectedFor(500, Assets).Lines, runs[0].CheckpointAfter!.RecordsCommitted);
            var counts = await second.Host.Services.GetRequiredService<Kasparro.Grains.Storage.IIngestionStore>().CountAsync("crash", CancellationToken.None);
            var expected = MarketCsv.ExpectedFor(500, Assets);
            Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (counts.Assets, counts.Quotes, counts.Rejected));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes the state a crash mid-run leaves: the run still marked running, the checkpoint at the last durable batch.</summary>
    private static async Task<RunInfo> LeaveRunningRunAsync(TestSilo silo)
    {
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var grainId = GrainId.Create("source", "crash");
        var state = new GrainState<SourceState>(new SourceState());
        await storage.ReadStateAsync("source", grainId, state);
        var running = new RunInfo(Guid.NewGuid(), "crash", RunStatus.Running, DateTime.UtcNow.AddSeconds(-5), null, 0, 0, 0,
            new Dictionary<string, long>(), null, null, state.State!.Checkpoint, null, "manual");
        state.State.ActiveRun = running;
        await storage.WriteStateAsync("source", grainId, state);
        return running;
    }
}

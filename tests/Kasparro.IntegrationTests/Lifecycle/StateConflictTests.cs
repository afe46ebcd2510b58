using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Lifecycle;

/// <summary>
/// A grain's stored state changed behind its back (what a second activation after a partition
/// does): another writer stores the row with the same grain id through the silo's own grain
/// storage, which moves its version (ETag). The grain's next write is an ETag conflict; the
/// activation must give way to a new one that reads the stored state, rather than fail every later
/// write. Run once per storage provider by the subclasses below.
/// </summary>
public abstract class StateConflictTests
{
    /// <summary>What the other writer stores: visible in the status, inert (injection stays off).</summary>
    private static readonly FailureInjectionSettings Marker = new(false, 0.25, null, FailureType.Timeout, 4242);

    protected abstract Task<string?> ConnectionStringAsync();

    [Fact]
    public async Task A_conflict_in_the_middle_of_a_run_replaces_the_activation_and_the_next_run_succeeds_on_the_stored_state()
    {
        var pageTwoAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releasePageTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = await FakeApiServer.StartAsync(async (c, _) =>
        {
            if (c.Request.Query["page"] == "2")
            {
                pageTwoAsked.TrySetResult();
                await releasePageTwo.Task;
            }

            await FakeApiServer.Json(c, c.Request.Query["page"] == "1" ? "coingecko_markets_page1.json" : "coingecko_markets_page2.json");
        });
        await using var h = await IngestionHarness.StartAsync(await ConnectionStringAsync(), [], new Dictionary<string, string?>
        {
            ["Kasparro:Sources:cg:Kind"] = "CoinGecko",
            ["Kasparro:Sources:cg:Url"] = api.BaseUri.ToString(),
            ["Kasparro:Sources:cg:Pages"] = "2",
            ["Kasparro:Sources:cg:PerPage"] = "3",
            ["Kasparro:Sources:cg:BatchSize"] = "3",
            ["Kasparro:Sources:cg:Interval"] = "01:00:00",
            ["Kasparro:Sources:cg:Resilience:AttemptTimeout"] = "00:02:00",
        });
        var grain = h.Source("cg");

        // The run stored its start and holds while page 2 is asked for: the first batch waits to be
        // committed (with a checkpoint write) once the second one is read.
        var started = await grain.TriggerRun();
        await pageTwoAsked.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await WriteBehindTheGrainAsync<SourceState>(h.Silo, GrainId.Create("source", "cg"), "source", s =>
        {
            Assert.Equal(started.RunId, s.ActiveRun?.RunId); // the run's start is what is stored
            s.FailureInjection = Marker;
        });
        releasePageTwo.SetResult();

        // The checkpoint write conflicts: the run fails, and the status comes from a new activation
        // that read the stored state (the old one still holds its own, without the marker).
        var status = await Eventually.Until(grain.GetStatus, s => s.FailureInjection == Marker, TimeSpan.FromSeconds(60), "an activation with the stored state");
        Assert.Null(status.ActiveRun);
        var conflicted = await grain.GetRun(started.RunId);
        Assert.Equal((RunStatus.Failed, "state_conflict"), (conflicted?.Status, conflicted?.ErrorType));

        var next = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Success, next.Status);
        Assert.Equal(6, (await h.CountsAsync("cg")).Quotes);
        // The run's end is stored on top of what the other writer stored (the status answers a moment before).
        var stored = await Eventually.Until(
            () => ReadStoredAsync<SourceState>(h.Silo, GrainId.Create("source", "cg"), "source"),
            s => s.History.Any(r => r.RunId == next.RunId), TimeSpan.FromSeconds(30), "the run's end in the stored state");
        Assert.Equal(Marker, stored.FailureInjection);
        Assert.True(stored.Checkpoint.CoinGecko!.CycleComplete);
    }

    [Fact]
    public async Task A_conflict_on_the_drift_analyzers_write_replaces_the_activation()
    {
        await using var silo = await TestSilo.StartAsync(PostgresClusterFixture.NewClusterId(), await ConnectionStringAsync(), extraSettings: new Dictionary<string, string?>
        {
            ["Kasparro:Sources:drifting:Kind"] = "Csv",
            ["Kasparro:Sources:drifting:Url"] = "drifting.csv",
            ["Kasparro:Sources:drifting:Enabled"] = "false",
        });
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>("drifting");
        await grain.AnalyzeAsync(Guid.NewGuid(), Sample());

        await WriteBehindTheGrainAsync<DriftState>(silo, GrainId.Create("drift-analyzer", "drifting"), "drift", s =>
        {
            Assert.Single(s.History);
            s.History.Clear();
        });

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => grain.AnalyzeAsync(Guid.NewGuid(), Sample()));
        await Eventually.Until(() => grain.GetRecentReports(10), r => r.Count == 0, TimeSpan.FromSeconds(30), "an activation with the stored (emptied) history");
        var report = await grain.AnalyzeAsync(Guid.NewGuid(), Sample());

        Assert.Equal(report.ReportId, Assert.Single(await grain.GetRecentReports(10)).ReportId);
        Assert.Equal(report.ReportId, Assert.Single((await ReadStoredAsync<DriftState>(silo, GrainId.Create("drift-analyzer", "drifting"), "drift")).History).ReportId);
    }

    private static IReadOnlyList<DriftSample> Sample() =>
        [DriftSample.FromText(new Dictionary<string, string?> { ["id"] = "coin", ["symbol"] = "c", ["name"] = "Coin", ["price"] = "1.5", ["timestamp"] = "2024-06-01T12:00:00Z" })];

    /// <summary>The other writer: reads the row, changes it and stores it, moving its version past the grain's.</summary>
    private static async Task WriteBehindTheGrainAsync<T>(TestSilo silo, GrainId grainId, string stateName, Action<T> change)
        where T : class, new()
    {
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, state);
        Assert.NotNull(state.ETag); // the grain has stored this state: the writer is second
        change(state.State!);
        await storage.WriteStateAsync(stateName, grainId, state);
    }

    private static async Task<T> ReadStoredAsync<T>(TestSilo silo, GrainId grainId, string stateName)
        where T : class, new()
    {
        var state = new GrainState<T>(new T());
        await silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState).ReadStateAsync(stateName, grainId, state);
        return state.State!;
    }
}

public sealed class InMemoryStateConflictTests : StateConflictTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresStateConflictTests(PostgresClusterFixture db) : StateConflictTests, IClassFixture<PostgresClusterFixture>
{
    protected override async Task<string?> ConnectionStringAsync() => await db.NewDatabaseAsync();
}

using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Grains;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// What every storage provider must do for the grains: keep state across deactivation, refuse a
/// stale write, fire reminders. Run once per provider by the subclasses below.
/// </summary>
public abstract class GrainBehaviourTests
{
    protected static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    protected abstract Task<TestSilo> StartSiloAsync(string clusterId);

    [Fact]
    public async Task State_survives_deactivation()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId());
        var grain = silo.Grains.GetGrain<IProbeStateGrain>("deactivate-me");
        await grain.Increment();
        var first = await grain.Increment();

        await grain.Deactivate();
        var again = await Eventually.Until(
            grain.Read, s => s.ActivationId != first.ActivationId, TimeSpan.FromSeconds(30), "a new activation");

        Assert.Equal(2, again.Count);
        Assert.Equal(first.ETag, again.ETag);
    }

    [Fact]
    public async Task A_concurrent_stale_write_is_refused()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId());
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var grainId = GrainId.Create("test-probe-state", "contended");

        // Two writers read the same version; the first write wins, the second must be refused.
        var writerA = new GrainState<ProbeState>(new ProbeState());
        var writerB = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, writerA);
        await storage.ReadStateAsync("probe", grainId, writerB);
        writerA.State = new ProbeState { Count = 1 };
        await storage.WriteStateAsync("probe", grainId, writerA);
        writerB.State = new ProbeState { Count = 99 };
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, writerB));

        var reread = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, reread);
        Assert.Equal(1, reread.State?.Count);
        Assert.Equal(writerA.ETag, reread.ETag);
    }

    [Fact]
    public async Task A_reminder_fires_repeatedly()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId());
        var grain = silo.Grains.GetGrain<IProbeReminderGrain>("tick");
        await grain.StartTicking(TickPeriod);

        var ticks = await Eventually.Until(grain.GetTicks, t => t.Count >= 3, TimeSpan.FromSeconds(30), "three reminder ticks");
        await grain.StopTicking();
        Assert.All(ticks.Silos, s => Assert.Equal(silo.Address, s));
    }
}

public sealed class InMemoryGrainBehaviourTests : GrainBehaviourTests
{
    protected override Task<TestSilo> StartSiloAsync(string clusterId) =>
        TestSilo.StartAsync(clusterId, connectionString: null, minimumReminderPeriod: TickPeriod);
}

public sealed class PostgresGrainBehaviourTests(PostgresClusterFixture db) : GrainBehaviourTests, IClassFixture<PostgresClusterFixture>
{
    protected override Task<TestSilo> StartSiloAsync(string clusterId) =>
        TestSilo.StartAsync(clusterId, db.ConnectionString, TickPeriod);

    [Fact]
    public async Task State_survives_a_full_cluster_restart()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        await using (var silo = await StartSiloAsync(clusterId))
        {
            var grain = silo.Grains.GetGrain<IProbeStateGrain>("durable");
            for (var i = 0; i < 3; i++)
            {
                await grain.Increment();
            }
        }

        // A new silo, new ports, same service: nothing in memory, only the database remembers.
        await using var restarted = await StartSiloAsync(clusterId);
        var after = await restarted.Grains.GetGrain<IProbeStateGrain>("durable").Read();
        Assert.Equal(3, after.Count);
        Assert.Equal(restarted.Address, after.Silo);
    }

    [Fact]
    public async Task Reminders_keep_firing_after_the_silo_that_held_them_stops()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        var siloA = await StartSiloAsync(clusterId);
        await using var siloB = await StartSiloAsync(clusterId);

        // Grains on both silos: the probe grain is placed where it is first called.
        var keys = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var from = i < 3 ? siloA : siloB;
            Assert.Equal(from.Address, await from.Grains.GetGrain<IProbeReminderGrain>($"r{i}").Silo());
            keys.Add($"r{i}");
        }

        var grains = keys.Select(k => siloA.Grains.GetGrain<IProbeReminderGrain>(k)).ToArray();
        foreach (var g in grains)
        {
            await g.StartTicking(TickPeriod);
        }

        foreach (var g in grains)
        {
            await Eventually.Until(g.GetTicks, t => t.Count >= 2, TimeSpan.FromSeconds(30), "two ticks before the stop");
        }

        await siloA.DisposeAsync();

        var clientOfB = siloB.Grains;
        foreach (var key in keys)
        {
            var g = clientOfB.GetGrain<IProbeReminderGrain>(key);
            var atStop = (await g.GetTicks()).Count;
            var later = await Eventually.Until(
                g.GetTicks, t => t.Count >= atStop + 2, TimeSpan.FromSeconds(45), $"reminder {key} to keep firing on silo B");
            Assert.Equal(siloB.Address, later.Silos[^1]);
            await g.StopTicking();
        }
    }
}

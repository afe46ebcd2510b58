using Kasparro.Grains.Storage;
using Orleans.Placement;

namespace Kasparro.IntegrationTests.Grains;

[GenerateSerializer, Alias("test.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public int Count { get; set; }
}

// Random placement: the default (resource-optimized) placement may put every activation on one of
// two silos sharing this test process, and the tests need grains on both.
[GrainType("test-probe-state")]
[RandomPlacement]
public sealed class ProbeStateGrain(
    [PersistentState("probe", StorageNames.GrainState)] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo) : Grain, IProbeStateGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<ProbeSnapshot> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return Snapshot();
    }

    public Task<ProbeSnapshot> Read() => Task.FromResult(Snapshot());

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private ProbeSnapshot Snapshot() => new(state.State.Count, silo.SiloAddress.ToString(), _activationId, state.Etag);
}

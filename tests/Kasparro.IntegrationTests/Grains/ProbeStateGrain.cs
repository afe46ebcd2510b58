using Kasparro.Grains.Hosting;

namespace Kasparro.IntegrationTests.Grains;

[GenerateSerializer, Alias("test.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public int Count { get; set; }
}

[GrainType("test-probe-state")]
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

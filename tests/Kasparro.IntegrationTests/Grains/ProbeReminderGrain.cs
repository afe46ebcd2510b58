using Kasparro.Grains.Storage;
using Orleans.Placement;

namespace Kasparro.IntegrationTests.Grains;

[GenerateSerializer, Alias("test.ProbeReminderState")]
public sealed class ProbeReminderState
{
    [Id(0)]
    public List<string> TickSilos { get; set; } = [];
}

// Activated where it is first called: tests decide which silo holds which grain.
[GrainType("test-probe-reminder")]
[PreferLocalPlacement]
public sealed class ProbeReminderGrain(
    [PersistentState("ticks", StorageNames.GrainState)] IPersistentState<ProbeReminderState> state,
    ILocalSiloDetails silo) : Grain, IProbeReminderGrain, IRemindable
{
    private const string ReminderName = "probe";

    public Task StartTicking(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task StopTicking()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<ReminderTicks> GetTicks() =>
        Task.FromResult(new ReminderTicks(state.State.TickSilos.Count, state.State.TickSilos.ToArray()));

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.TickSilos.Add(silo.SiloAddress.ToString());
        await state.WriteStateAsync();
    }
}

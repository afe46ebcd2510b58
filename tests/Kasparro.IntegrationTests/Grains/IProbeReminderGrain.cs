namespace Kasparro.IntegrationTests.Grains;

/// <summary>Counts its reminder ticks in persistent state, with the silo each tick ran on.</summary>
[Alias("test.IProbeReminderGrain")]
public interface IProbeReminderGrain : IGrainWithStringKey
{
    [Alias("StartTicking")]
    Task StartTicking(TimeSpan period);

    [Alias("StopTicking")]
    Task StopTicking();

    [Alias("GetTicks")]
    Task<ReminderTicks> GetTicks();

    /// <summary>The silo this activation runs on (activates the grain).</summary>
    [Alias("Silo")]
    Task<string> Silo();
}

[GenerateSerializer, Immutable, Alias("test.ReminderTicks")]
public sealed record ReminderTicks(
    [property: Id(0)] int Count,
    [property: Id(1)] IReadOnlyList<string> Silos);

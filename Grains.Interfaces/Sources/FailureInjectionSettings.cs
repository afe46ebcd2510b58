namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// Failure injection for one source. <see cref="Probability"/> is the chance that a batch fails
/// (0..1); <see cref="FailAtRecord"/> fails the run at that 0-based record index within the run.
/// A <see cref="Seed"/> makes the random pattern replayable. Off by default.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.FailureInjectionSettings")]
public sealed record FailureInjectionSettings(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] double Probability,
    [property: Id(2)] long? FailAtRecord,
    [property: Id(3)] FailureType Type,
    [property: Id(4)] int? Seed)
{
    /// <summary>A new "off" value each time: a shared instance could end up inside grain state, which Orleans may fill in place.</summary>
    public static FailureInjectionSettings Off => new(false, 0, null, FailureType.NetworkError, null);

    /// <summary>The same settings with the probability clamped into 0..1 (NaN counts as 0).</summary>
    public FailureInjectionSettings Normalized() =>
        this with { Probability = double.IsNaN(Probability) ? 0 : Math.Clamp(Probability, 0, 1) };
}

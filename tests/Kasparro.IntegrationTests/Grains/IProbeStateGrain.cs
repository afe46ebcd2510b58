namespace Kasparro.IntegrationTests.Grains;

/// <summary>A small persistent counter: enough to watch state, activations and silos in tests.</summary>
[Alias("test.IProbeStateGrain")]
public interface IProbeStateGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<ProbeSnapshot> Increment();

    [Alias("Read")]
    Task<ProbeSnapshot> Read();

    [Alias("Deactivate")]
    Task Deactivate();
}

[GenerateSerializer, Immutable, Alias("test.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] int Count,
    [property: Id(1)] string Silo,
    [property: Id(2)] Guid ActivationId,
    [property: Id(3)] string? ETag);

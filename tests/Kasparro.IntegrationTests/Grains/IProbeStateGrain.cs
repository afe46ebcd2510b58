namespace Kasparro.IntegrationTests.Grains;

/// <summary>A small persistent counter: enough to watch state, activations and silos in tests.</summary>
public interface IProbeStateGrain : IGrainWithStringKey
{
    Task<ProbeSnapshot> Increment();

    Task<ProbeSnapshot> Read();

    Task Deactivate();
}

[GenerateSerializer, Immutable, Alias("test.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] int Count,
    [property: Id(1)] string Silo,
    [property: Id(2)] Guid ActivationId,
    [property: Id(3)] string? ETag);

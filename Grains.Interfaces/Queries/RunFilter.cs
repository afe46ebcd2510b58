using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Which runs of the run log to list, newest first.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.RunFilter")]
public sealed record RunFilter([property: Id(0)] string? Source, [property: Id(1)] RunStatus? Status);

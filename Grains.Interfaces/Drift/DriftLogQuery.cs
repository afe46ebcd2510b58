namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>A page of the drift log, newest first, optionally of one source and/or only reports with (or without) drift.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.DriftLogQuery")]
public sealed record DriftLogQuery(
    [property: Id(0)] string? Source = null,
    [property: Id(1)] bool? DriftDetected = null,
    [property: Id(2)] int Limit = 50,
    [property: Id(3)] int Offset = 0)
{
    public const int MaxLimit = 500;

    /// <summary>The query with its limit clamped to 1..<see cref="MaxLimit"/> and a non-negative offset.</summary>
    public DriftLogQuery Normalized() => this with { Limit = Math.Clamp(Limit, 1, MaxLimit), Offset = Math.Max(0, Offset) };
}

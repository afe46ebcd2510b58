namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// A drift analyzer as it stands: the schema it compares against now, whether that schema was
/// learned, learning progress (runs with a clean analysis so far, of the configured number) and the last report.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.DriftAnalyzerStatus")]
public sealed record DriftAnalyzerStatus(
    [property: Id(0)] string Source,
    [property: Id(1)] ExpectedSchema Schema,
    [property: Id(2)] bool Learned,
    [property: Id(3)] int CleanRuns,
    [property: Id(4)] int LearnFromRuns,
    [property: Id(5)] DriftReport? LastReport);

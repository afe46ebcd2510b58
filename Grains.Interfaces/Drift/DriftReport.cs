namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// What the drift analyzer found in one sample of a source's raw records. Confidence is the share
/// of expected fields found by name or by a confident fuzzy match (rounded to 4 places).
/// <see cref="Breaking"/>: a key field is missing with no confident rename, or retyped
/// (<see cref="BreakingFields"/> names them).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.DriftReport")]
public sealed record DriftReport(
    [property: Id(0)] Guid ReportId,
    [property: Id(1)] string Source,
    [property: Id(2)] Guid? RunId,
    [property: Id(3)] string SchemaName,
    [property: Id(4)] bool DriftDetected,
    [property: Id(5)] bool Breaking,
    [property: Id(6)] double Confidence,
    [property: Id(7)] IReadOnlyList<string> MissingFields,
    [property: Id(8)] IReadOnlyList<string> ExtraFields,
    [property: Id(9)] IReadOnlyList<FuzzyMatch> FuzzyMatches,
    [property: Id(10)] IReadOnlyList<TypeChange> TypeChanges,
    [property: Id(11)] IReadOnlyList<NullRateChange> NullRateChanges,
    [property: Id(12)] IReadOnlyList<string> Warnings,
    [property: Id(13)] IReadOnlyList<string> BreakingFields,
    [property: Id(14)] int SampleSize,
    [property: Id(15)] DateTime DetectedAt);

using Kasparro.Grains.Interfaces.Runs;

namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>One ingestion run of one source, as the run log and the API report it.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.RunInfo")]
public sealed record RunInfo(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] string Source,
    [property: Id(2)] RunStatus Status,
    [property: Id(3)] DateTime StartedAt,
    [property: Id(4)] DateTime? CompletedAt,
    [property: Id(5)] long RecordsRead,
    [property: Id(6)] long RecordsWritten,
    [property: Id(7)] long RecordsRejected,
    [property: Id(8)] IReadOnlyDictionary<string, long> Rejections,
    [property: Id(9)] string? ErrorType,
    [property: Id(10)] string? ErrorMessage,
    [property: Id(11)] SourceCheckpoint CheckpointBefore,
    [property: Id(12)] SourceCheckpoint? CheckpointAfter,
    [property: Id(13)] string Trigger)
{
    // Serialized as a field so that state written before anomalies existed (no field 14) reads
    // back as null, which the property turns into an empty list: never null for callers.
    [Id(14)]
    private readonly IReadOnlyList<RunAnomaly>? _anomalies;

    /// <summary>
    /// What the history scoring found when the run finished (empty while running, for runs scored
    /// against too little history, and for runs recorded before scoring existed).
    /// </summary>
    public IReadOnlyList<RunAnomaly> Anomalies
    {
        // An empty array is immutable, so sharing it between runs carries nothing from one to another.
        get => _anomalies ?? [];
        init => _anomalies = value;
    }

    /// <summary>Seconds from start to completion, or to now while the run is going on.</summary>
    public double DurationSeconds(DateTime now) => ((CompletedAt ?? now) - StartedAt).TotalSeconds;
}

namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>
/// A source's runs in aggregate, kept up to date as runs are logged (never counted per request).
/// Runs are counted by status (cancelled ones apart: neither successes nor failures). Records and durations count finished runs; times are those of the latest run of each kind.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.RunSummary")]
public sealed record RunSummary(
    [property: Id(0)] string Source,
    [property: Id(1)] long TotalRuns,
    [property: Id(2)] long RunningRuns,
    [property: Id(3)] long SuccessfulRuns,
    [property: Id(4)] long FailedRuns,
    [property: Id(5)] long RecordsRead,
    [property: Id(6)] long RecordsWritten,
    [property: Id(7)] long RecordsRejected,
    [property: Id(8)] long DurationMilliseconds,
    [property: Id(9)] long TimedRuns,
    [property: Id(10)] DateTime? LastStartedAt,
    [property: Id(11)] DateTime? LastSuccessfulRun,
    [property: Id(12)] DateTime? LastFailedRun,
    [property: Id(13)] long CancelledRuns)
{
    public static RunSummary Empty(string source) => new(source, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0);

    /// <summary>Mean duration of the finished runs, or null before the first one.</summary>
    public double? AverageDurationSeconds => TimedRuns == 0 ? null : DurationMilliseconds / 1000.0 / TimedRuns;
}

using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Api.Contracts;

/// <summary>
/// A run. <c>records_processed</c> is every record it read (written plus rejected);
/// <c>duration_seconds</c> runs on while it is going; <c>error</c> is the failure's message and
/// <c>error_type</c> its kind. As a response of its own it carries <c>request_id</c> and <c>timestamp</c> too.
/// </summary>
public sealed record RunView(
    Guid RunId,
    string Source,
    string Status,
    string Trigger,
    long RecordsProcessed,
    long RecordsWritten,
    long RecordsRejected,
    IReadOnlyDictionary<string, long> Rejections,
    double DurationSeconds,
    DateTime StartedAt,
    DateTime? CompletedAt,
    string? Error,
    string? ErrorType,
    IReadOnlyList<RunAnomaly> Anomalies) : ApiResponse
{
    public static RunView From(RunInfo run, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunView(
            run.RunId, run.Source, RunStatusNames.Name(run.Status), run.Trigger, run.RecordsRead, run.RecordsWritten,
            run.RecordsRejected, run.Rejections, Math.Round(run.DurationSeconds(now), 3), run.StartedAt, run.CompletedAt,
            run.ErrorMessage, run.ErrorType, run.Anomalies);
    }
}

/// <summary>
/// <c>GET /runs</c>: a page of runs, newest first, and where it sits (<c>pagination</c>, as every list has it).
/// <c>total_count</c> is <c>pagination.total_items</c> again, at the top level where clients of the first
/// shape of this response read it.
/// </summary>
public sealed record RunsResponse(IReadOnlyList<RunView> Runs, Pagination Pagination, long TotalCount) : ApiResponse;

/// <summary>The comparison part of <c>GET /compare-runs</c>: run 2 minus run 1 (the baseline).</summary>
public sealed record ComparisonView(
    Guid Run1Id,
    Guid Run2Id,
    string Source,
    long RecordsDiff,
    double? RecordsChangePercent,
    double DurationDiffSeconds,
    double? DurationChangePercent,
    bool StatusChanged,
    IReadOnlyList<RunAnomaly> Anomalies)
{
    public static ComparisonView From(RunComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ComparisonView(
            c.RunId1, c.RunId2, c.Source, c.RecordsDifference, c.RecordsDifferencePercent, Math.Round(c.DurationDifferenceSeconds, 3),
            c.DurationDifferencePercent, c.StatusChanged, c.Anomalies);
    }
}

/// <summary><c>GET /compare-runs</c>.</summary>
public sealed record CompareResponse(ComparisonView Comparison, RunView Run1, RunView Run2) : ApiResponse;

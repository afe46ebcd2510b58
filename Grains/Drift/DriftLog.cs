using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Drift;

/// <summary>The drift analyzer's log lines. Event ids 1200–1299.</summary>
internal static partial class DriftLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Source {Source}: schema learned from {Runs} clean runs; {Fields} fields are expected from now on")]
    public static partial void SchemaLearned(this ILogger logger, string source, int runs, int fields);

    [LoggerMessage(
        EventId = 1201,
        Level = LogLevel.Warning,
        Message = "Source {Source}: schema drift in run {RunId} (confidence {Confidence}, breaking {Breaking}): missing [{Missing}], extra [{Extra}], renamed [{Renamed}], retyped [{Retyped}]")]
    public static partial void DriftFound(
        this ILogger logger, string source, Guid runId, double confidence, bool breaking, string missing, string extra, string renamed, string retyped);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Source {Source}: could not write drift report {ReportId} to the drift log; it is kept and written later")]
    public static partial void ReportNotLogged(this ILogger logger, Exception exception, string source, Guid reportId);
}

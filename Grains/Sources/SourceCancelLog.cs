using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <summary>The source grain's log lines about cancelling runs and removing the source. Event ids 1070–1079.</summary>
internal static partial class SourceCancelLog
{
    [LoggerMessage(EventId = 1070, Level = LogLevel.Information, Message = "Source {Source}: cancelling run {RunId} at its next batch boundary")]
    public static partial void RunCancelRequested(this ILogger logger, string source, Guid runId);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Information, Message = "Source {Source}: run {RunId} cancelled by request: {Read} read, {Written} written, checkpoint at {Committed} records")]
    public static partial void RunCancelled(this ILogger logger, string source, Guid runId, long read, long written, long committed);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Information, Message = "Source {Source}: removed (purge: {Purge}); its schedule is unregistered")]
    public static partial void SourceRemoved(this ILogger logger, string source, bool purge);

    [LoggerMessage(EventId = 1073, Level = LogLevel.Information, Message = "Source {Source}: data purged: {Purge}")]
    public static partial void SourcePurged(this ILogger logger, string source, SourcePurge purge);

    [LoggerMessage(EventId = 1074, Level = LogLevel.Information, Message = "Source {Source}: removing during run {RunId}; waiting for it to stop")]
    public static partial void RemovingDuringRun(this ILogger logger, string source, Guid runId);
}

using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <summary>The source grain's log lines for the operator's controls (pause, resume, reset, replay). Event ids 1080–1089.</summary>
internal static partial class SourceControlLog
{
    [LoggerMessage(EventId = 1080, Level = LogLevel.Information, Message = "Source {Source}: paused by {By} ({Reason}); its schedule is stopped")]
    public static partial void SourcePaused(this ILogger logger, string source, string by, string reason);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Information, Message = "Source {Source}: resumed by {By} (paused since {Since:O}); its schedule is registered again")]
    public static partial void SourceUnpaused(this ILogger logger, string source, string by, DateTime since);

    [LoggerMessage(EventId = 1082, Level = LogLevel.Information, Message = "Source {Source}: checkpoint reset to the start; the next run re-reads everything")]
    public static partial void CheckpointReset(this ILogger logger, string source);

    [LoggerMessage(EventId = 1083, Level = LogLevel.Information, Message = "Source {Source}: checkpoint set back to where run {RunId} started ({Records} records committed); the next run re-reads from there")]
    public static partial void CheckpointReplayed(this ILogger logger, string source, Guid runId, long records);

    [LoggerMessage(EventId = 1084, Level = LogLevel.Information, Message = "Source {Source}: a stopped run would resume, but the source is paused; it resumes when the source is resumed")]
    public static partial void ResumeHeldWhilePaused(this ILogger logger, string source);
}

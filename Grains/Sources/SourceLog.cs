using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <summary>The source grain's and the source scheduler's log lines. Event ids 1000–1099.</summary>
internal static partial class SourceLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Source {Source}: failure injection set to {Settings}")]
    public static partial void FailureInjectionSet(this ILogger logger, string source, FailureInjectionSettings? settings);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Source {Source}: run {RunId} started ({Trigger})")]
    public static partial void RunStarted(this ILogger logger, string source, Guid runId, string trigger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Source {Source}: run {RunId} succeeded: {Read} read, {Written} written, {Rejected} rejected")]
    public static partial void RunSucceeded(this ILogger logger, string source, Guid runId, long read, long written, long rejected);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} interrupted by deactivation")]
    public static partial void RunInterrupted(this ILogger logger, string source, Guid runId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} failed ({ErrorType}: {Message}); the checkpoint stays at the last durable batch")]
    public static partial void RunFailed(this ILogger logger, Exception? exception, string source, Guid runId, string? errorType, string message);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Source {Source}: deactivating during a run ({Reason}); stopping it at the next batch boundary")]
    public static partial void DeactivatingDuringRun(this ILogger logger, string source, DeactivationReason reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Source {Source}: could not write run {RunId} ({Status}) to the run log; it is kept and retried")]
    public static partial void RunNotLogged(this ILogger logger, Exception exception, string source, Guid runId, RunStatus status);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Source {Source}: the run log refuses run {RunId} ({Status}); writing it without its message details and anomalies")]
    public static partial void RunRefused(this ILogger logger, Exception exception, string source, Guid runId, RunStatus status);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Source {Source}: the run log refuses run {RunId} even reduced; it stays only in the source's history")]
    public static partial void RunRefusedReduced(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "Source {Source}: could not store {What}; retrying")]
    public static partial void StateNotStored(this ILogger logger, Exception exception, string source, string what);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Source {Source}: run {RunId} ({Status}) reached the run log")]
    public static partial void RunLogged(this ILogger logger, string source, Guid runId, RunStatus status);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Source {Source}: the run log is not settled yet; retrying in {Delay}")]
    public static partial void NotSettled(this ILogger logger, Exception exception, string source, TimeSpan delay);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} was still running in the run log; recorded as {Status}{Error}")]
    public static partial void RunCorrected(this ILogger logger, string source, Guid runId, RunStatus status, string error);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Source {Source}: could not read run {RunId} from the run log; recording it as interrupted")]
    public static partial void InterruptedRunNotRead(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} was interrupted; resuming from the last durable checkpoint")]
    public static partial void ResumingInterruptedRun(this ILogger logger, string source, Guid runId);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Source {Source}: could not register the resume reminder; the run resumes at the next activation")]
    public static partial void ResumeReminderFailed(this ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} could not be scored against its history")]
    public static partial void ScoringFailed(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Source {Source}: run {RunId} is unusual: {Anomalies}")]
    public static partial void RunUnusual(this ILogger logger, string source, Guid runId, string anomalies);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Source {Source}: linking news mentions after run {RunId} failed; the next run links them")]
    public static partial void MentionLinkFailed(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Error, Message = "Source {Source}: could not set up its schedule")]
    public static partial void ScheduleFailed(this ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Information, Message = "Source {Source}: definition version {Version} names another kind or location; the checkpoint starts over")]
    public static partial void CheckpointResetByDefinition(this ILogger logger, string source, long version);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Error, Message = "The sources configuration declares could not be handed to the source registry; the registry keeps what it had")]
    public static partial void DeclarationFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2190, Level = LogLevel.Debug, Message = "Source {Source}: run {RunId} timings (ms): {Phases}")]
    public static partial void RunTimings(this ILogger logger, string source, Guid runId, Runs.RunPhases phases);
}

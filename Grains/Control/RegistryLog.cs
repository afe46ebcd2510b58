using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Control;

/// <summary>The source registry's log lines. Event ids 2000–2049.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Source {Source}: {Kind} by {By} (version {Version})")]
    public static partial void SourceChanged(this ILogger logger, string source, string kind, string by, long? version);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Source {Source}: its grain did not take definition version {Version} yet; retried")]
    public static partial void PushFailed(this ILogger logger, Exception exception, string source, long version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Count} audit events could not be written to the event store yet; kept in the registry's state and retried")]
    public static partial void EventsNotWritten(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The source registry could not store its state after {Operation}; retried")]
    public static partial void StateNotWritten(this ILogger logger, Exception exception, string operation);
}

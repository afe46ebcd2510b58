using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Storage;

/// <summary>The audit trail's log lines. Event ids 2050–2069.</summary>
internal static partial class SourceEventLog
{
    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "The database refused an append of {Count} source events ({Reason}); each is stored on its own")]
    public static partial void AppendRefused(this ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Error, Message = "The database refused source event {EventId} of {Source} ({Reason}); it is stored without its changes and detail")]
    public static partial void StoredAsPlaceholder(this ILogger logger, Guid eventId, string source, string reason);
}

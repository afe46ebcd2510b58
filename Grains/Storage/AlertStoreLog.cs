using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Storage;

/// <summary>The alert outbox's log lines. Event ids 2070–2089.</summary>
internal static partial class AlertStoreLog
{
    [LoggerMessage(EventId = 2070, Level = LogLevel.Warning, Message = "The database refused a raise of {Count} alert events ({Reason}); each is stored on its own")]
    public static partial void RaiseRefused(this ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 2071, Level = LogLevel.Error, Message = "The database refused alert event {EventId} of {Source} ({Reason}); it is stored without its data")]
    public static partial void StoredWithoutData(this ILogger logger, string eventId, string source, string reason);
}

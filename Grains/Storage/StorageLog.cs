using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Storage;

/// <summary>The schema migrator's log lines. Event ids 1700–1799.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Schema migrations: {Applied} applied, {Total} known")]
    public static partial void MigrationsApplied(this ILogger logger, int applied, int total);

    /// <summary>A line of DbUp's, at the level DbUp gave it.</summary>
    [LoggerMessage(EventId = 1701, Message = "DbUp: {Message}")]
    public static partial void DbUp(this ILogger logger, LogLevel level, string message);
}

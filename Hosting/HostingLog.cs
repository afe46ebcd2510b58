using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>The hosts' own log lines (start-up, the client's connection). Event ids 1800–1899.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "No Orleans gateway reachable yet (attempt {Attempt}): {Reason}; retrying in 2 s")]
    public static partial void GatewayNotReachable(this ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Storage provider is InMemory: grain state, reminders, run history and ingested data live in this " +
        "process only and are lost when it stops. Set {Key}=Postgres to keep them.")]
    public static partial void InMemoryStorage(this ILogger logger, string key);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "Schema migrations skipped: {Key} is false")]
    public static partial void MigrationsSkipped(this ILogger logger, string key);
}

using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Connectors;

/// <summary>The connectors' log lines. Event ids 1400–1499.</summary>
internal static partial class ConnectorLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "CSV source {Source}: {Path} was replaced or truncated; reading it again from the start")]
    public static partial void CsvReplaced(this ILogger logger, string source, string path);
}

using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Mentions;

/// <summary>The mention linker's log lines. Event ids 1300–1399.</summary>
internal static partial class MentionLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Mentions: {Count} news items linked to newly stored assets")]
    public static partial void ItemsLinked(this ILogger logger, int count);
}

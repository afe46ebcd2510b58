using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Alerts;

/// <summary>The webhook registry's log lines: ids, versions and key ids, never a URL or a secret. Event ids 2110–2119.</summary>
internal static partial class WebhookRegistryLog
{
    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Webhook {Webhook}: {Change} by {By} (version {Version})")]
    public static partial void WebhookChanged(this ILogger logger, string webhook, string change, string by, long version);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "The webhooks configuration declares could not be handed to the webhook registry; it keeps what it had")]
    public static partial void DeclarationFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "{Count} webhooks declared by configuration")]
    public static partial void Declared(this ILogger logger, int count);
}

using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Delivery's log lines: attempts, outcomes, the relay's cycles, test sends. Event ids 2090–2109.
/// A webhook is named by its subscription id and its URL's host only: a URL's path and query may
/// be the secret itself (a Slack incoming webhook), and the signing secret is never logged.
/// </summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 2090, Level = LogLevel.Warning, Message = "Webhook {SubscriptionId}: delivery {DeliveryId} attempt {Attempt} to host {Host} failed ({Result}, status {StatusCode}): {Error}")]
    public static partial void AttemptFailed(this ILogger logger, string subscriptionId, string deliveryId, int attempt, string host, string result, int? statusCode, string? error);

    [LoggerMessage(EventId = 2091, Level = LogLevel.Debug, Message = "Webhook {SubscriptionId}: delivery {DeliveryId} attempt {Attempt} to host {Host} answered {StatusCode} in {DurationMs:0} ms")]
    public static partial void AttemptDelivered(this ILogger logger, string subscriptionId, string deliveryId, int attempt, string host, int? statusCode, double durationMs);

    [LoggerMessage(EventId = 2092, Level = LogLevel.Warning, Message = "Alert relay {Owner}: a cycle failed ({Error}); trying again in {Delay}")]
    public static partial void CycleFailed(this ILogger logger, string owner, string error, TimeSpan delay);

    [LoggerMessage(EventId = 2093, Level = LogLevel.Warning, Message = "Alert relay {Owner}: the webhook registry could not be read ({Error}); trying again in {Delay}")]
    public static partial void RegistryUnavailable(this ILogger logger, string owner, string error, TimeSpan delay);

    [LoggerMessage(EventId = 2094, Level = LogLevel.Warning, Message = "Webhook {SubscriptionId}: delivery {DeliveryId} given up after {Attempts} attempts: {Error}")]
    public static partial void DeliveryFailed(this ILogger logger, string subscriptionId, string deliveryId, int attempts, string? error);

    [LoggerMessage(EventId = 2095, Level = LogLevel.Information, Message = "Webhook {SubscriptionId}: delivery {DeliveryId} cancelled, the subscription is gone or disabled")]
    public static partial void DeliveryCancelled(this ILogger logger, string subscriptionId, string deliveryId);

    [LoggerMessage(EventId = 2096, Level = LogLevel.Warning, Message = "Alert relay {Owner}: the lease on delivery {DeliveryId} ran out before its attempt was recorded; another silo has it")]
    public static partial void LeaseLost(this ILogger logger, string owner, string deliveryId);

    [LoggerMessage(EventId = 2097, Level = LogLevel.Information, Message = "Alert relay {Owner} started (poll every {PollInterval})")]
    public static partial void RelayStarted(this ILogger logger, string owner, TimeSpan pollInterval);

    [LoggerMessage(EventId = 2098, Level = LogLevel.Debug, Message = "Alert relay {Owner}: counting deliveries failed ({Error})")]
    public static partial void CountsFailed(this ILogger logger, string owner, string error);

    [LoggerMessage(EventId = 2099, Level = LogLevel.Information, Message = "Webhook {SubscriptionId}: test delivery {WebhookId} to host {Host} by {By}: status {StatusCode}, error {Error}")]
    public static partial void TestSent(this ILogger logger, string subscriptionId, string webhookId, string host, string by, int? statusCode, string? error);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Webhook {SubscriptionId}: delivery {DeliveryId} delivered after {Attempts} attempts")]
    public static partial void DeliveredAfterRetries(this ILogger logger, string subscriptionId, string deliveryId, int attempts);
}

namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// Sends a sample event (<see cref="AlertKinds.Test"/>) to one subscription at once, signed and
/// guarded like every delivery, and reports what the receiver answered. Nothing is stored or retried.
/// Stateless worker, key 0. Throws <see cref="WebhookNotFoundException"/>.
/// </summary>
[Alias("kasparro.IWebhookTestGrain")]
public interface IWebhookTestGrain : IGrainWithIntegerKey
{
    [Alias("Send")]
    Task<WebhookTestResult> Send(string subscriptionId, string by);
}

/// <summary>What a test delivery got: delivered (2xx) or not, the status code (null: no answer), the error, the time it took.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.WebhookTestResult")]
public sealed record WebhookTestResult(
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string WebhookId,
    [property: Id(2)] bool Delivered,
    [property: Id(3)] int? StatusCode,
    [property: Id(4)] string? Error,
    [property: Id(5)] double DurationMs);

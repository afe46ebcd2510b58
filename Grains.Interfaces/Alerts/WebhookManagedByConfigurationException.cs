namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// A change through the API to a subscription configuration declares
/// (<c>Kasparro:Alerts:Webhooks:{id}</c>): change it there. The gateway answers it with 409.
/// </summary>
[GenerateSerializer, Alias("kasparro.WebhookManagedByConfigurationException")]
public sealed class WebhookManagedByConfigurationException : Exception
{
    public WebhookManagedByConfigurationException()
    {
    }

    public WebhookManagedByConfigurationException(string message)
        : base(message)
    {
    }

    public WebhookManagedByConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static WebhookManagedByConfigurationException For(string id) =>
        new($"Webhook '{id}' is declared in configuration (Kasparro:Alerts:Webhooks:{id}); change it there, not through the API.") { SubscriptionId = id };

    [Id(0)]
    public string? SubscriptionId { get; init; }
}

namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>No subscription has this id. The gateway answers it with 404.</summary>
[GenerateSerializer, Alias("kasparro.WebhookNotFoundException")]
public sealed class WebhookNotFoundException : Exception
{
    public WebhookNotFoundException()
    {
    }

    public WebhookNotFoundException(string message)
        : base(message)
    {
    }

    public WebhookNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static WebhookNotFoundException For(string id) => new($"Webhook '{id}' does not exist.") { SubscriptionId = id };

    [Id(0)]
    public string? SubscriptionId { get; init; }
}

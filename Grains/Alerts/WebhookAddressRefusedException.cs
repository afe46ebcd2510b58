namespace Kasparro.Grains.Alerts;

/// <summary>
/// Every address a webhook's host resolved to was refused by <see cref="WebhookAddresses"/>: thrown
/// from the connection callback, before any byte is sent, so the attempt fails at once (no timeout).
/// </summary>
public sealed class WebhookAddressRefusedException : Exception
{
    public WebhookAddressRefusedException()
    {
    }

    public WebhookAddressRefusedException(string message)
        : base(message)
    {
    }

    public WebhookAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// A change made against a version of the subscription that is no longer current (<c>If-Match</c>);
/// <see cref="CurrentVersion"/> null when it does not exist. The gateway answers it with 412.
/// </summary>
[GenerateSerializer, Alias("kasparro.WebhookVersionMismatchException")]
public sealed class WebhookVersionMismatchException : Exception
{
    public WebhookVersionMismatchException()
    {
    }

    public WebhookVersionMismatchException(string id, long expected, long? current)
        : base(current is { } v
            ? $"Webhook '{id}' is at version {v}, not {expected}: read it again and re-apply the change."
            : $"Webhook '{id}' does not exist, so it is not at version {expected}.")
    {
        SubscriptionId = id;
        ExpectedVersion = expected;
        CurrentVersion = current;
    }

    public WebhookVersionMismatchException(string message)
        : base(message)
    {
    }

    public WebhookVersionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SubscriptionId { get; init; }

    [Id(1)]
    public long ExpectedVersion { get; init; }

    [Id(2)]
    public long? CurrentVersion { get; init; }
}

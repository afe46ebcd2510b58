namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// A subscription that does not validate. <see cref="Errors"/> names every bad field (snake_case, as
/// the API names it: <c>url</c>, <c>kinds</c>, <c>format</c>, <c>secret</c>) with its messages.
/// The gateway answers it with 400.
/// </summary>
[GenerateSerializer, Alias("kasparro.WebhookDefinitionException")]
public sealed class WebhookDefinitionException : Exception
{
    public WebhookDefinitionException()
    {
    }

    public WebhookDefinitionException(string message)
        : base(message)
    {
    }

    public WebhookDefinitionException(string id, IReadOnlyDictionary<string, string[]> errors)
        : base($"Webhook '{id}' is not valid: {string.Join(" ", errors.Values.SelectMany(e => e))}")
    {
        SubscriptionId = id;
        Errors = errors;
    }

    public WebhookDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SubscriptionId { get; init; }

    [Id(1)]
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}

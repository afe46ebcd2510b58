namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// What a client or configuration gives to create or replace a subscription. <see cref="Secret"/>
/// null on a replace keeps the stored secret; a new subscription must have one.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.WebhookDefinition")]
public sealed record WebhookDefinition(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Kinds,
    [property: Id(2)] IReadOnlyList<string> Sources,
    [property: Id(3)] string Format,
    [property: Id(4)] string? Secret,
    [property: Id(5)] bool Enabled)
{
    public override string ToString() => $"WebhookDefinition {{ Url = {Url}, Format = {Format}, Enabled = {Enabled} }}";
}

/// <summary>The outcome of a PUT: the subscription as stored and whether it was created.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.PutWebhookResult")]
public sealed record PutWebhookResult(
    [property: Id(0)] WebhookSubscription Subscription,
    [property: Id(1)] bool Created);

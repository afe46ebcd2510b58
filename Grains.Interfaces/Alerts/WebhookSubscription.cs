namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// Where alerts go: a URL (http or https), the kinds and sources wanted (empty: all), the body
/// format (<see cref="WebhookFormats"/>) and the signing secret. Declared in configuration
/// (<c>Kasparro:Alerts:Webhooks:{id}</c>, <see cref="ManagedBy"/> configuration) or through the API.
/// The secret never leaves the cluster: the API shows whether one is set, never the value, and logs
/// never name it. <see cref="Version"/> is the HTTP ETag.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.WebhookSubscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Kinds,
    [property: Id(3)] IReadOnlyList<string> Sources,
    [property: Id(4)] string Format,
    [property: Id(5)] string Secret,
    [property: Id(6)] bool Enabled,
    [property: Id(7)] string ManagedBy,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTime UpdatedAt,
    [property: Id(10)] string UpdatedBy)
{
    /// <summary>Whether this subscription wants an event of <paramref name="kind"/> about <paramref name="source"/>.</summary>
    public bool Wants(string kind, string source) =>
        Enabled
        && (Kinds.Count == 0 || Kinds.Contains(kind, StringComparer.Ordinal))
        && (Sources.Count == 0 || Sources.Contains(source, StringComparer.Ordinal));

    /// <summary>The record without its secret (printing a record prints every property).</summary>
    public override string ToString() => $"WebhookSubscription {{ Id = {Id}, Url = {Url}, Format = {Format}, Enabled = {Enabled}, Version = {Version} }}";
}

/// <summary>Body formats of a webhook.</summary>
public static class WebhookFormats
{
    /// <summary>The JSON event (<c>id</c>, <c>type</c>, <c>timestamp</c>, <c>data</c>, …), signed per Standard Webhooks.</summary>
    public const string Standard = "standard";

    /// <summary><c>{"text": …}</c>, what a Slack incoming webhook takes; the same signature headers are sent.</summary>
    public const string Slack = "slack";

    public static readonly IReadOnlyList<string> All = [Standard, Slack];
}

/// <summary>Who manages a subscription.</summary>
public static class WebhookManagers
{
    public const string Configuration = "configuration";
    public const string Api = "api";
}

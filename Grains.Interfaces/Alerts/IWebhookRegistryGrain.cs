namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// The cluster's webhook subscriptions (one activation, key 0), kept as durable grain state. Changes
/// are validated (URL scheme and allowed hosts, known kinds, format, secret length), versioned and
/// recorded with the id of the API key that made them (<c>by</c>). The results carry secrets: they
/// are for the silo's delivery and the gateway maps them to views without.
/// </summary>
[Alias("kasparro.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Every subscription, by id (ordinal order).</summary>
    [Alias("GetAll"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<WebhookSubscription>> GetAll();

    /// <summary>The subscription, or null.</summary>
    [Alias("Find"), Orleans.Concurrency.AlwaysInterleave]
    Task<WebhookSubscription?> Find(string id);

    /// <summary>
    /// Creates or replaces a subscription managed by the API. <paramref name="ifMatch"/>: the version
    /// the caller read (null: any; 0: it must exist). Throws <see cref="WebhookDefinitionException"/>,
    /// <see cref="WebhookManagedByConfigurationException"/>, <see cref="WebhookVersionMismatchException"/>.
    /// </summary>
    [Alias("Put")]
    Task<PutWebhookResult> Put(string id, WebhookDefinition definition, long? ifMatch, string by);

    /// <summary>
    /// Deletes the subscription; its deliveries not made yet are cancelled. Throws
    /// <see cref="WebhookNotFoundException"/>, <see cref="WebhookManagedByConfigurationException"/>,
    /// <see cref="WebhookVersionMismatchException"/>.
    /// </summary>
    [Alias("Delete")]
    Task Delete(string id, long? ifMatch, string by);

    /// <summary>
    /// At silo start: the subscriptions configuration declares. Stored as managed by configuration;
    /// one declared before and no longer is removed. Idempotent, so every silo may call it.
    /// </summary>
    [Alias("ApplyConfiguration")]
    Task ApplyConfiguration(IReadOnlyDictionary<string, WebhookDefinition> declared);
}

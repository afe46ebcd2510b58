using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Persistence;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The cluster's webhook subscriptions (key 0), kept as grain state. A change is validated by
/// <see cref="WebhookRules"/> (as configuration is), versioned and stored before it is answered; the
/// relay reads the subscriptions from here, so a deleted or disabled one gets nothing more (its
/// pending deliveries are cancelled at the relay's next planning). Changes are one at a time (not
/// reentrant), so two writers with the same <c>If-Match</c> cannot both win; reads interleave.
/// Secrets are stored here and handed to the silo's sender; logs name ids and versions only.
/// </summary>
[GrainType("webhook-registry")]
public sealed partial class WebhookRegistryGrain(
    [PersistentState("webhook-registry", StorageNames.GrainState)] IPersistentState<WebhookRegistryState> state,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain
{
    /// <summary>The configuration section that declares webhooks; an entry's key is this and its id.</summary>
    public const string Section = "Kasparro:Alerts:Webhooks";

    /// <summary>Who is named as the author of a change read from configuration.</summary>
    public const string ConfigurationActor = "configuration";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<WebhookSubscription>> GetAll() =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>([.. state.State.Subscriptions.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);

    public Task<WebhookSubscription?> Find(string id) => Task.FromResult(state.State.Subscriptions.GetValueOrDefault(id));

    public async Task<PutWebhookResult> Put(string id, WebhookDefinition definition, long? ifMatch, string by)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(definition);
        var existing = state.State.Subscriptions.GetValueOrDefault(id);
        RefuseConfigurationManaged(existing);
        CheckVersion(id, existing, ifMatch);
        var errors = WebhookRules.Validate(id, definition, existing, options.Value);
        if (errors.Count > 0)
        {
            throw new WebhookDefinitionException(id, errors);
        }

        var wanted = Subscription(id, definition, existing, WebhookManagers.Api, by);
        if (existing is not null && SameAs(existing, wanted))
        {
            return new PutWebhookResult(existing, Created: false); // idempotent: the same definition again changes nothing
        }

        await StoreAsync(id, wanted, deletedVersion: null);
        logger.WebhookChanged(id, existing is null ? "created" : "replaced", by, wanted.Version);
        return new PutWebhookResult(wanted, Created: existing is null);
    }

    public async Task Delete(string id, long? ifMatch, string by)
    {
        ArgumentNullException.ThrowIfNull(id);
        var existing = state.State.Subscriptions.GetValueOrDefault(id) ?? throw WebhookNotFoundException.For(id);
        RefuseConfigurationManaged(existing);
        CheckVersion(id, existing, ifMatch);
        await StoreAsync(id, null, existing.Version);
        logger.WebhookChanged(id, "deleted", by, existing.Version);
    }

    /// <summary>The subscription <paramref name="definition"/> makes: the secret kept when none is given, the version one past the last.</summary>
    private WebhookSubscription Subscription(string id, WebhookDefinition definition, WebhookSubscription? existing, string managedBy, string by)
    {
        var version = existing?.Version ?? state.State.DeletedVersions.GetValueOrDefault(id);
        return new WebhookSubscription(
            id, definition.Url.Trim(), (definition.Kinds ?? []).ToArray(), (definition.Sources ?? []).ToArray(), definition.Format,
            definition.Secret ?? existing!.Secret, definition.Enabled, managedBy, version + 1, Now, by);
    }

    /// <summary>Whether two subscriptions say the same (who made them and when aside).</summary>
    private static bool SameAs(WebhookSubscription a, WebhookSubscription b) =>
        a.Url == b.Url && a.Kinds.SequenceEqual(b.Kinds, StringComparer.Ordinal) && a.Sources.SequenceEqual(b.Sources, StringComparer.Ordinal)
        && a.Format == b.Format && a.Secret == b.Secret && a.Enabled == b.Enabled && a.ManagedBy == b.ManagedBy;

    /// <summary>Sets (or, with null, deletes) one subscription and stores the state; a failed store leaves nothing changed.</summary>
    private async Task StoreAsync(string id, WebhookSubscription? subscription, long? deletedVersion)
    {
        var subscriptions = state.State.Subscriptions;
        var previous = subscriptions.GetValueOrDefault(id);
        var previousDeleted = state.State.DeletedVersions.TryGetValue(id, out var v) ? v : (long?)null;
        Apply(id, subscription, deletedVersion);
        try
        {
            await StateWrites.WriteAsync(state);
        }
        catch
        {
            Apply(id, previous, previousDeleted);
            throw;
        }
    }

    private void Apply(string id, WebhookSubscription? subscription, long? deletedVersion)
    {
        if (subscription is null)
        {
            state.State.Subscriptions.Remove(id);
        }
        else
        {
            state.State.Subscriptions[id] = subscription;
        }

        if (deletedVersion is { } deleted)
        {
            state.State.DeletedVersions[id] = deleted;
        }
        else
        {
            state.State.DeletedVersions.Remove(id);
        }
    }

    private static void RefuseConfigurationManaged(WebhookSubscription? existing)
    {
        if (existing is { ManagedBy: WebhookManagers.Configuration })
        {
            throw WebhookManagedByConfigurationException.For(existing.Id);
        }
    }

    /// <summary>An <c>If-Match</c> of 0 asks only that the subscription exists (<c>*</c>); any other must be the current version.</summary>
    private static void CheckVersion(string id, WebhookSubscription? existing, long? ifMatch)
    {
        if (ifMatch is { } expected && (existing is null || (expected != 0 && expected != existing.Version)))
        {
            throw new WebhookVersionMismatchException(id, expected, existing?.Version);
        }
    }

    private StateConflictGuard? _stateWrites;

    private StateConflictGuard StateWrites => _stateWrites ??= new StateConflictGuard(this, logger);
}

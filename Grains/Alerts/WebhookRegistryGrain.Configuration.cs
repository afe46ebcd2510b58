using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Alerts;

/// <content>
/// Configuration as the declaration of webhooks (GitOps). Every silo calls it at start with what its
/// configuration declares (already validated, see <see cref="WebhookDeclarations"/>); the last one to
/// start wins, so a rolling deployment settles on the new configuration once every silo runs it.
/// </content>
public sealed partial class WebhookRegistryGrain
{
    public async Task ApplyConfiguration(IReadOnlyDictionary<string, WebhookDefinition> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var errors = declared
            .Select(d => (d.Key, Errors: WebhookRules.Validate(d.Key, d.Value, state.State.Subscriptions.GetValueOrDefault(d.Key), options.Value)))
            .Where(d => d.Errors.Count > 0)
            .ToArray();
        if (errors.Length > 0)
        {
            // Validated at start already; a silo whose AllowedHosts differ may still refuse one. Nothing changes.
            throw new WebhookDefinitionException(errors[0].Key, errors[0].Errors);
        }

        var before = new WebhookRegistryState
        {
            Subscriptions = new(state.State.Subscriptions, StringComparer.Ordinal),
            DeletedVersions = new(state.State.DeletedVersions, StringComparer.Ordinal),
        };
        var changes = new List<(string Id, string Change, long Version)>();
        foreach (var (id, definition) in declared.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var existing = state.State.Subscriptions.GetValueOrDefault(id);
            var wanted = Subscription(id, definition, existing, WebhookManagers.Configuration, ConfigurationActor);
            if (existing is not null && SameAs(existing, wanted))
            {
                continue;
            }

            Apply(id, wanted, null);
            changes.Add((id, existing is null ? "declared by configuration" : "configuration changed", wanted.Version));
        }

        var gone = state.State.Subscriptions.Values
            .Where(s => s.ManagedBy == WebhookManagers.Configuration && !declared.ContainsKey(s.Id)).ToArray();
        foreach (var undeclared in gone)
        {
            Apply(undeclared.Id, null, undeclared.Version);
            changes.Add((undeclared.Id, "no longer declared by configuration: deleted", undeclared.Version));
        }

        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            await StateWrites.WriteAsync(state);
        }
        catch
        {
            state.State.Subscriptions = before.Subscriptions;
            state.State.DeletedVersions = before.DeletedVersions;
            throw;
        }

        foreach (var (id, change, version) in changes)
        {
            logger.WebhookChanged(id, change, ConfigurationActor, version);
        }
    }
}

using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Control;

/// <content>
/// Configuration as the declaration of sources (GitOps). Every silo calls it at start with what its
/// configuration declares; the last one to start wins, so a rolling deployment settles on the new
/// configuration once every silo runs it.
/// </content>
public sealed partial class SourceRegistryGrain
{
    /// <summary>Who is named in the audit trail for a change read from configuration.</summary>
    public const string ConfigurationActor = "configuration";

    public async Task ApplyConfiguration(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var changes = new List<(SourceDocument Document, SourceEvent Event)>();
        foreach (var (id, given) in declared.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var settings = SourceSettings.Normalize(given);
            var current = state.State.Sources.GetValueOrDefault(id);
            var live = LiveOrNull(id);
            if (live is { ManagedBy: SourceManager.Configuration } && SourceSettings.SameAs(live.Settings, settings))
            {
                continue;
            }

            var document = new SourceDocument(id, settings, SourceManager.Configuration, (current?.Version ?? 0) + 1, Now, ConfigurationActor);
            var detail = live switch
            {
                null => "declared by configuration",
                { ManagedBy: SourceManager.Api } => "declared by configuration, which now manages this source created through the API",
                _ => "configuration changed",
            };
            changes.Add((document, Event(document, SourceEventKinds.Declared, ConfigurationActor, SourceSettings.Diff(live?.Settings, settings), detail)));
        }

        foreach (var gone in Live.Where(d => d.ManagedBy == SourceManager.Configuration && !declared.ContainsKey(d.Id)).ToArray())
        {
            var settings = SourceSettings.Normalize(gone.Settings.Append(KeyValuePair.Create("Enabled", "false")));
            var document = gone with { Settings = settings, ManagedBy = SourceManager.Api, Version = gone.Version + 1, UpdatedAt = Now, UpdatedBy = ConfigurationActor };
            changes.Add((document, Event(document, SourceEventKinds.Undeclared, ConfigurationActor, SourceSettings.Diff(gone.Settings, settings),
                "no longer declared by configuration: disabled, its data and history kept; the API manages it from now on")));
        }

        foreach (var (document, change) in changes)
        {
            state.State.Sources[document.Id] = document;
            state.State.UnsentEvents.Add(change);
            logger.SourceChanged(document.Id, change.Kind, change.By, document.Version);
        }

        // Every live source, changed or not: a starting silo lines every schedule up with its definition.
        state.State.UnpushedSources.UnionWith(Live.Select(d => d.Id));
        if (changes.Count > 0)
        {
            await StateWrites.WriteAsync(state);
        }

        await SettleAsync();
    }
}
